// What the service knows about its NATS connection, for /readyz and /api/info.
// The status iterator tells about disconnects at once; a flush (one PING
// round-trip) proves the server still answers.
import type { NatsConnection } from 'nats';

export type BusState = 'connected' | 'reconnecting' | 'closed';

export function trackBusStatus(nc: NatsConnection) {
  let state: BusState = nc.isClosed() ? 'closed' : 'connected';
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') state = 'reconnecting';
      else if (s.type === 'reconnect') state = 'connected';
    }
  })().catch(() => undefined);
  void nc.closed().then(() => {
    state = 'closed';
  });

  return {
    state: (): BusState => (nc.isClosed() ? 'closed' : state),
    /** Resolves when the server answers a PING; throws with the reason otherwise. */
    async check(): Promise<void> {
      const now = nc.isClosed() ? 'closed' : state;
      if (now !== 'connected') throw new Error(`NATS connection is ${now}`);
      await nc.flush();
    },
  };
}
