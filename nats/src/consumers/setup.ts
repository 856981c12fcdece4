// Consumer plumbing shared by the durable consumer and the subscriptions:
// idempotent creation of a durable, and logging of a consumer's status events.
import {
  ConsumerEvents,
  NatsError,
  type ConsumerConfig,
  type ConsumerMessages,
  type NatsConnection,
} from 'nats';
import { StreamSetupError } from '../errors.ts';
import { errorMessage, type BusLogger } from '../logger.ts';

function isConsumerNotFound(err: unknown): boolean {
  return err instanceof NatsError && err.api_error?.err_code === 10014;
}

function differs(want: Partial<ConsumerConfig>, have: ConsumerConfig): boolean {
  const keys = Object.keys(want) as (keyof ConsumerConfig)[];
  return keys.some((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]));
}

/** Creates the durable, or updates it when a setting this code owns has changed. */
export async function ensureDurable(
  nc: NatsConnection,
  stream: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    const info = await jsm.consumers.info(stream, config.durable_name).catch((err: unknown) => {
      if (isConsumerNotFound(err)) return undefined;
      throw err;
    });
    if (!info) await jsm.consumers.add(stream, config);
    else if (differs(config, info.config))
      await jsm.consumers.update(stream, config.durable_name, config);
  } catch (err) {
    throw new StreamSetupError(`${stream}/${config.durable_name}`, errorMessage(err), {
      cause: err,
    });
  }
}

const WORRYING = new Set<string>([
  ConsumerEvents.HeartbeatsMissed,
  ConsumerEvents.ConsumerNotFound,
  ConsumerEvents.StreamNotFound,
  ConsumerEvents.ConsumerDeleted,
  ConsumerEvents.NoResponders,
]);

/** Logs what nats.js reports about a consumer (missed heartbeats, deleted consumer …). */
export async function watchConsumerStatus(
  messages: ConsumerMessages,
  logger: BusLogger,
  consumer: string,
): Promise<void> {
  try {
    for await (const s of await messages.status()) {
      const level = WORRYING.has(s.type) ? 'warn' : 'debug';
      logger[level]({ consumer, type: s.type, data: s.data }, 'consumer status');
    }
  } catch (err) {
    logger.debug({ consumer, err: errorMessage(err) }, 'consumer status stream ended');
  }
}
