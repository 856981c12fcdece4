// The session user's chat bot: its status (also as a server-sent event stream
// that pushes the same object on every change) and the Connect / Disconnect
// buttons, which set bot_config.enabled and bring the bot into or out of chat.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { BotStatus } from '../chat/bot-status.ts';
import type { ChatConnector } from '../chat/chat-connector.ts';
import { currentUser } from './session.ts';

export type BotStatusDeps = Pick<ChatConnector, 'status' | 'onStatus' | 'connect' | 'disconnect'>;

const KEEP_ALIVE_MS = 25_000;

export function botStatusRoutes(chat: BotStatusDeps) {
  return new Hono()
    .get('/status', async (c) => c.json(await chat.status(currentUser(c).id)))
    .get('/status/stream', (c) => {
      const { id } = currentUser(c);
      return streamSSE(c, async (stream) => {
        let id_ = 0;
        const send = (status: BotStatus) =>
          stream.writeSSE({ event: 'status', id: String(++id_), data: JSON.stringify(status) });
        let finish: () => void = () => undefined;
        const done = new Promise<void>((resolve) => (finish = resolve));
        // Pushes are chained so they reach the client in the order they happened.
        let queue = send(await chat.status(id));
        const stop = chat.onStatus(id, (status) => {
          if (status === null) return finish();
          queue = queue.then(() => send(status)).catch(finish);
        });
        const keepAlive = setInterval(() => {
          queue = queue.then(() => stream.write(': keep-alive\n\n')).then(() => undefined, finish);
        }, KEEP_ALIVE_MS);
        stream.onAbort(finish);
        await done;
        clearInterval(keepAlive);
        stop();
      });
    })
    .post('/connect', async (c) => c.json(await chat.connect(currentUser(c).id)))
    .post('/disconnect', async (c) => c.json(await chat.disconnect(currentUser(c).id)));
}
