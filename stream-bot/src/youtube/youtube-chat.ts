// The YouTube side of the chat: one reader per connected account with reading
// switched on. It attaches to the chat connector as the 'youtube' platform, so
// commands, the chat log and the personality hear YouTube messages through the
// same listeners as Twitch, and answers to them come back here.
import type { Logger } from '@homelab/nats/runtime';
import type { ChatListener } from '../chat/types.ts';
import type { PlatformSay } from '../chat/chat-connector.ts';
import { DomainError } from '../domain/errors.ts';
import {
  startChatReader,
  type ChatReader,
  type LiveChatState,
  type ReaderTiming,
} from './chat-reader.ts';
import type { GoogleOAuth } from './google-oauth.ts';
import type { YouTubeApi } from './youtube-api.ts';
import type { YouTubeStore } from './youtube-store.ts';

export interface YouTubeChatDeps {
  store: YouTubeStore;
  api: YouTubeApi;
  /** Undefined when YouTube is not configured: nothing is read. */
  oauth: GoogleOAuth | undefined;
  timing: ReaderTiming;
  log: Logger;
  /** The chat connector's attachPlatform. */
  attach(platform: 'youtube', say: PlatformSay): ChatListener;
}

export function createYouTubeChat(deps: YouTubeChatDeps) {
  const { store, log } = deps;
  const readers = new Map<string, ChatReader>();
  const queues = new Map<string, Promise<void>>();
  let running = false;

  const dispatch = deps.attach('youtube', async (ownerId, channel, text) => {
    const reader = readers.get(ownerId);
    if (!reader || reader.channelId !== channel) {
      throw new DomainError('unavailable', 'the bot is not reading that YouTube chat');
    }
    await reader.say(text);
  });

  async function apply(userId: string) {
    const old = readers.get(userId);
    readers.delete(userId);
    await old?.stop();
    if (!running || !deps.oauth) return;
    const account = await store.get(userId);
    if (!account?.enabled || !running) return;
    readers.set(
      userId,
      startChatReader({
        account,
        store,
        api: deps.api,
        oauth: deps.oauth,
        timing: deps.timing,
        log,
        onMessage: dispatch,
      }),
    );
  }

  /** Restarts the user's reader from what is stored (after connect, enable, disconnect). */
  function reload(userId: string): Promise<void> {
    const next = (queues.get(userId) ?? Promise.resolve()).then(() =>
      apply(userId).catch((err: unknown) =>
        log.error({ err, userId }, 'could not start the YouTube reader'),
      ),
    );
    queues.set(userId, next);
    void next.finally(() => {
      if (queues.get(userId) === next) queues.delete(userId);
    });
    return next;
  }

  return {
    reload,

    /** The live chat state of the user's reader; null when none runs. */
    state(userId: string): LiveChatState | null {
      return readers.get(userId)?.state() ?? null;
    },

    async start() {
      running = true;
      if (!deps.oauth) return;
      const users = await store.enabledUsers();
      log.info({ accounts: users.length }, 'starting the YouTube chat readers');
      await Promise.all(users.map((u) => reload(u)));
    },

    async stop() {
      running = false;
      await Promise.all([...queues.values()]);
      await Promise.all([...readers.values()].map((r) => r.stop()));
      readers.clear();
    },
  };
}

export type YouTubeChat = ReturnType<typeof createYouTubeChat>;
