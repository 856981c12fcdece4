// A nats-server of the test file's own. Query subjects are served by a queue
// group, so on the shared server a request may be answered by a stream-bot
// that another test file started on another database; tests that check
// query answers against their own data run on a bus nobody else uses.
import { connectBus } from '@homelab/nats';
import type { NatsConnection } from 'nats';
import { startNatsServer, type NatsServerHandle } from '../../tools/test-env/nats-server.ts';

export interface IsolatedBus {
  server: NatsServerHandle;
  /** Variables that point stream-bot at this server. */
  env: Record<string, string>;
  connectAsDashboard(): Promise<NatsConnection>;
}

export async function startIsolatedBus(): Promise<IsolatedBus> {
  const server = await startNatsServer();
  const { streambot, dashboard } = server.credentials;
  return {
    server,
    env: { NATS_URL: server.url, NATS_USER: streambot.user, NATS_PASSWORD: streambot.pass },
    connectAsDashboard: () =>
      connectBus({
        service: 'dashboard',
        servers: server.url,
        user: dashboard.user,
        pass: dashboard.pass,
      }),
  };
}
