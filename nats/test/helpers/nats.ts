// A private nats-server per test file (the project's config, so the real
// permissions apply) and connections as each service user.
import type { NatsConnection } from 'nats';
import { closeBus, connectBus } from '../../src/connection.ts';
import type { ServiceName } from '../../src/contracts/streams.ts';
import { startNatsServer, type NatsServerHandle } from '../../../tools/test-env/mod.ts';

export interface TestBus {
  server: NatsServerHandle;
  connect(service: ServiceName): Promise<NatsConnection>;
  /** Closes every connection made here, then the server. */
  dispose(): Promise<void>;
}

export async function startTestBus(): Promise<TestBus> {
  const server = await startNatsServer();
  const open: NatsConnection[] = [];
  return {
    server,
    connect: async (service) => {
      const nc = await connectBus({
        service,
        servers: server.url,
        user: server.credentials[service].user,
        pass: server.credentials[service].pass,
      });
      open.push(nc);
      return nc;
    },
    dispose: async () => {
      await Promise.all(open.map((nc) => closeBus(nc)));
      await server.dispose();
    },
  };
}

/** Polls until check() is truthy; fails with `what` after timeoutMs. */
export async function eventually<T>(
  check: () => T,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<Awaited<T>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<Awaited<T>>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  json: unknown;
}

/** Every message a stream holds right now, in stream order (read by an ordered consumer). */
export async function readStream(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  const info = await (await nc.jetstreamManager()).streams.info(stream);
  const out: StoredMessage[] = [];
  if (info.state.messages === 0) return out;
  const messages = await (await nc.jetstream().consumers.get(stream)).consume();
  for await (const m of messages) {
    let json: unknown;
    try {
      json = m.json();
    } catch {
      json = m.string();
    }
    out.push({
      seq: m.seq,
      subject: m.subject,
      msgId: m.headers?.get('Nats-Msg-Id') || undefined,
      json,
    });
    if (m.seq >= info.state.last_seq) break;
  }
  messages.stop();
  return out;
}

export async function streamMessageCount(nc: NatsConnection, stream: string): Promise<number> {
  return (await (await nc.jetstreamManager()).streams.info(stream)).state.messages;
}
