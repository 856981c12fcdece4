// One NATS connection per service process. Every user may subscribe only under
// its own inbox prefix (see nats-server.conf), so the prefix is set here once
// and nobody has to remember it.
import { connect, DebugEvents, ErrorCode, Events, NatsError, type NatsConnection } from 'nats';
import type { ServiceName } from './contracts/streams.ts';
import { BusAuthError, BusConnectError } from './errors.ts';
import { errorMessage, silentLogger, type BusLogger } from './logger.ts';

export interface ConnectBusOptions {
  service: ServiceName;
  servers: string | string[];
  /** Defaults to the service name, which is also the NATS user in nats-server.conf. */
  user?: string;
  pass?: string;
  /** Connection name shown in the server's monitoring (defaults to the service name). */
  name?: string;
  logger?: BusLogger;
  /** Keep trying when the server is not up yet instead of failing (default false). */
  waitOnFirstConnect?: boolean;
}

const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;

/**
 * The wait before the next reconnect attempt grows with the length of the
 * outage (so attempts land at roughly 0.25, 0.5, 1, 2 … seconds, then every
 * 10 s). nats.js asks for the delay several times per attempt, so it must be
 * a function of time, not of calls; the jitter factor is drawn once per
 * outage so that many clients do not reconnect in step.
 */
export function reconnectDelay(outageMs: number, jitter: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, Math.max(BACKOFF_BASE_MS, outageMs));
  return Math.round(ceiling * (0.5 + jitter / 2));
}

export async function connectBus(options: ConnectBusOptions): Promise<NatsConnection> {
  const logger = options.logger ?? silentLogger;
  const user = options.user ?? (options.pass !== undefined ? options.service : undefined);
  // For error messages: a password written into a server URL is not repeated there.
  const servers = (Array.isArray(options.servers) ? options.servers : options.servers.split(','))
    .map((s) => s.replace(/^([a-z][a-z0-9+.-]*:\/\/)?([^:@/]*):[^@/]*@/i, '$1$2:***@'))
    .join(',');
  let outageStart = 0;
  let jitter = Math.random();
  let nc: NatsConnection;
  try {
    nc = await connect({
      servers: options.servers,
      user,
      pass: options.pass,
      name: options.name ?? options.service,
      inboxPrefix: `_INBOX.${user ?? options.service}`,
      maxReconnectAttempts: -1,
      waitOnFirstConnect: options.waitOnFirstConnect ?? false,
      reconnectDelayHandler: () => {
        if (outageStart === 0) {
          outageStart = Date.now();
          jitter = Math.random();
        }
        return reconnectDelay(Date.now() - outageStart, jitter);
      },
    });
  } catch (err) {
    if (err instanceof NatsError && err.code === ErrorCode.AuthorizationViolation) {
      throw new BusAuthError(user, servers, { cause: err });
    }
    throw new BusConnectError(servers, { cause: err });
  }
  logger.info({ server: nc.getServer(), user }, 'connected to NATS');
  void watchStatus(nc, logger, () => {
    outageStart = 0;
  });
  return nc;
}

// What each connection status means for an operator. Permission violations
// arrive as 'error' (a forbidden publish is fire-and-forget).
const STATUS_LOG: Record<Events | DebugEvents, { level: keyof BusLogger; msg: string }> = {
  [Events.Disconnect]: { level: 'warn', msg: 'disconnected from NATS, reconnecting' },
  [Events.Reconnect]: { level: 'info', msg: 'reconnected to NATS' },
  [Events.Error]: { level: 'error', msg: 'NATS reported an error' },
  [Events.LDM]: { level: 'warn', msg: 'NATS server entered lame duck mode' },
  [Events.Update]: { level: 'debug', msg: 'NATS cluster update' },
  [DebugEvents.Reconnecting]: { level: 'debug', msg: 'reconnecting to NATS' },
  [DebugEvents.PingTimer]: { level: 'debug', msg: 'NATS ping timer' },
  [DebugEvents.StaleConnection]: { level: 'warn', msg: 'NATS connection went stale' },
  [DebugEvents.ClientInitiatedReconnect]: {
    level: 'debug',
    msg: 'NATS client-initiated reconnect',
  },
};

async function watchStatus(
  nc: NatsConnection,
  logger: BusLogger,
  onReconnect: () => void,
): Promise<void> {
  try {
    for await (const s of nc.status()) {
      if (s.type === Events.Reconnect) onReconnect();
      const { level, msg } = STATUS_LOG[s.type];
      const data = s.data instanceof Error ? { err: s.data.message } : { data: s.data };
      logger[level](data, msg);
    }
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'NATS status stream failed');
  }
}

/** Drains subscriptions, flushes pending publishes, then closes. Safe to call twice. */
export async function closeBus(nc: NatsConnection): Promise<void> {
  if (nc.isClosed()) return;
  try {
    if (nc.isDraining()) await nc.closed();
    else await nc.drain();
  } catch {
    // A drain on a connection that is mid-reconnect can fail; closing still frees it.
    if (!nc.isClosed()) await nc.close();
  }
}
