// NATS as the dashboard sees it: the connection, the round trip, the
// account's JetStream usage and, per stream of the platform, its messages and
// its consumers' lag. Read with the dashboard's own user, which may look at
// every stream (STREAM.INFO, CONSUMER.LIST) but change none. Nothing here
// throws: what cannot be read is reported as such.
import { STREAMS, SERVICE_NAMES } from '@homelab/nats';
import { NatsError, type JetStreamManager, type NatsConnection } from 'nats';
import type { NatsState, StreamState } from '../domain/health.ts';

/** Every stream of the platform: each service's events, then its dead letters. */
export const PLATFORM_STREAMS = SERVICE_NAMES.flatMap((s) => [STREAMS[s].events, STREAMS[s].dlq]);

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function readStream(jsm: JetStreamManager, name: string): Promise<StreamState> {
  try {
    const { state } = await jsm.streams.info(name);
    const consumers: StreamState['consumers'] = [];
    for await (const c of jsm.consumers.list(name)) {
      consumers.push({
        name: c.name,
        pending: c.num_pending,
        ackPending: c.num_ack_pending,
        redelivered: c.num_redelivered,
      });
    }
    consumers.sort((a, b) => a.name.localeCompare(b.name));
    return {
      name,
      messages: state.messages,
      bytes: state.bytes,
      firstSeq: state.first_seq,
      lastSeq: state.last_seq,
      consumers,
      error: null,
    };
  } catch (err) {
    const missing = err instanceof NatsError && err.api_error?.err_code === 10059;
    return {
      name,
      messages: 0,
      bytes: 0,
      firstSeq: 0,
      lastSeq: 0,
      consumers: [],
      error: missing ? 'stream not found (its owner has not started yet?)' : messageOf(err),
    };
  }
}

export function readNatsState(
  nc: NatsConnection,
  options: { timeoutMs: number; streams?: readonly string[] },
) {
  const streams = options.streams ?? PLATFORM_STREAMS;
  return async (): Promise<NatsState> => {
    const info = nc.info;
    const server = info ? `${info.server_name} (nats-server ${info.version})` : null;
    const down = (error: string): NatsState => ({
      connected: false,
      server,
      rttMs: null,
      jetstream: { reachable: false, error, storageBytes: 0, maxStorageBytes: null },
      streams: [],
    });
    if (nc.isClosed()) return down('the connection is closed');
    let rttMs: number;
    try {
      rttMs = await withTimeout(nc.rtt(), options.timeoutMs, 'a ping to NATS');
    } catch (err) {
      return down(messageOf(err));
    }
    const state: NatsState = { ...down(''), connected: true, rttMs: Math.round(rttMs * 10) / 10 };
    try {
      // The account info below is the JetStream check; no extra one first.
      const jsm = await nc.jetstreamManager({ timeout: options.timeoutMs, checkAPI: false });
      const account = await jsm.getAccountInfo();
      const max = account.limits.max_storage;
      state.jetstream = {
        reachable: true,
        error: null,
        storageBytes: account.storage,
        maxStorageBytes: max > 0 ? max : null,
      };
      state.streams = await Promise.all(streams.map((name) => readStream(jsm, name)));
    } catch (err) {
      state.jetstream = { ...state.jetstream, error: messageOf(err) };
    }
    return state;
  };
}
