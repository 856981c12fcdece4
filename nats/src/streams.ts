// Stream definitions, applied idempotently at start-up by each owner: create
// when missing, update when a limit changed, leave alone otherwise.
import {
  DiscardPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import { STREAMS, type ServiceName } from './contracts/streams.ts';
import { StreamSetupError } from './errors.ts';
import { errorMessage } from './logger.ts';

const MiB = 1024 * 1024;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Limits, and why:
 * - events keep 30 days / 1 GiB (oldest dropped first): read models rebuild from
 *   queries, so history only has to cover a consumer that was offline a while.
 * - the duplicate window (2 min) must exceed the longest time between a relay
 *   publishing a row and a retry of that row after a crash; Nats-Msg-Id = event id.
 * - dead letters keep 90 days / 256 MiB so someone has time to look at them.
 * - 1 MiB per message matches max_payload in nats-server.conf.
 */
export const STREAM_LIMITS = {
  events: { maxAgeMs: 30 * DAY_MS, maxBytes: 1024 * MiB, duplicateWindowMs: 2 * 60_000 },
  dlq: { maxAgeMs: 90 * DAY_MS, maxBytes: 256 * MiB, duplicateWindowMs: 2 * 60_000 },
  maxMsgSize: 1 * MiB,
} as const;

export interface EnsureStreamsOptions {
  /** Replicas per stream: 1 on a single server, 3 on a cluster. */
  replicas?: number;
}

export type StreamAction = 'created' | 'updated' | 'unchanged';

export function streamConfigs(
  service: ServiceName,
  options: EnsureStreamsOptions = {},
): StreamConfig[] {
  const s = STREAMS[service];
  const base = {
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msg_size: STREAM_LIMITS.maxMsgSize,
    num_replicas: options.replicas ?? 1,
  };
  const limits = (l: (typeof STREAM_LIMITS)['events' | 'dlq']) => ({
    max_age: nanos(l.maxAgeMs),
    max_bytes: l.maxBytes,
    duplicate_window: nanos(l.duplicateWindowMs),
  });
  return [
    {
      ...base,
      ...limits(STREAM_LIMITS.events),
      name: s.events,
      subjects: [s.eventSubjects],
      description: `Events published by ${service}`,
    } as StreamConfig,
    {
      ...base,
      ...limits(STREAM_LIMITS.dlq),
      name: s.dlq,
      subjects: [s.dlqSubjects],
      description: `Messages ${service}'s consumers could not handle`,
    } as StreamConfig,
  ];
}

function isNotFound(err: unknown): boolean {
  return err instanceof NatsError && err.api_error?.err_code === 10059;
}

function differs(want: StreamConfig, have: StreamConfig): boolean {
  const keys = Object.keys(want) as (keyof StreamConfig)[];
  return keys.some((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]));
}

async function ensureStream(jsm: JetStreamManager, want: StreamConfig): Promise<StreamAction> {
  try {
    const info = await jsm.streams.info(want.name).catch((err: unknown) => {
      if (isNotFound(err)) return undefined;
      throw err;
    });
    if (!info) {
      await jsm.streams.add(want);
      return 'created';
    }
    if (!differs(want, info.config)) return 'unchanged';
    await jsm.streams.update(want.name, want);
    return 'updated';
  } catch (err) {
    throw new StreamSetupError(want.name, errorMessage(err), { cause: err });
  }
}

/** Creates or updates the service's events and dead-letter streams. */
export async function ensureStreams(
  nc: NatsConnection,
  service: ServiceName,
  options: EnsureStreamsOptions = {},
): Promise<Record<string, StreamAction>> {
  const jsm = await nc.jetstreamManager();
  const result: Record<string, StreamAction> = {};
  for (const config of streamConfigs(service, options)) {
    result[config.name] = await ensureStream(jsm, config);
  }
  return result;
}
