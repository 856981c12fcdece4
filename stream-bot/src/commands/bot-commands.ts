// The chat-command side of the bot, put together: the !fact pool, the
// command engine and the timer scheduler, with the one ChatListener that feeds
// both (timers count lines, the engine answers commands).
import type { Logger } from '@homelab/nats/runtime';
import type { ChatListener, ChatSender } from '../chat/types.ts';
import type { BotConfigStore } from '../db/bot-config-store.ts';
import type { SongCommands } from '../spotify/song-commands.ts';
import type { Clock } from './cooldowns.ts';
import { createCommandEngine, type ChatPresence } from './engine.ts';
import { createFactPool, type FactSource } from './fact-pool.ts';
import { createTimerScheduler } from './timers.ts';

export interface BotCommandsOptions {
  store: BotConfigStore;
  facts: FactSource & { random(): Promise<{ text: string } | null> };
  factPoolSize: number;
  presence: ChatPresence;
  sender: ChatSender;
  logger: Logger;
  clock?: Clock;
  timerTickMs?: number;
  /** !song, !sr and !skip (the Spotify feature), when it is configured. */
  songs?: SongCommands;
}

export function createBotCommands(options: BotCommandsOptions) {
  const { store, facts, presence, sender, clock } = options;
  const logger = options.logger.child({ component: 'commands' });
  const pool = createFactPool(facts, { size: options.factPoolSize, logger });
  const engine = createCommandEngine({
    store,
    facts,
    pool,
    presence,
    logger,
    clock,
    songs: options.songs,
  });
  const timers = createTimerScheduler({
    store,
    presence,
    sender,
    logger,
    clock,
    tickMs: options.timerTickMs,
  });
  const answer = engine.listener(sender);

  const listener: ChatListener = (message) => {
    if (!message.self) timers.countLine(message.ownerId, message.channel);
    answer(message);
  };

  return {
    engine,
    pool,
    timers,
    listener,
    sender,
    presence,
    start: () => timers.start(),
    async stop() {
      engine.stop();
      pool.stop();
      await timers.stop();
    },
  };
}

export type BotCommands = ReturnType<typeof createBotCommands>;

/** The connector as the commands see it: which channels a bot is in, and since when. */
export function presenceOf(chat: {
  isJoined(ownerId: string, channel: string): boolean;
  status(ownerId: string): Promise<{ connectedSince: string | null }>;
}): ChatPresence {
  return {
    isJoined: (ownerId, channel) => chat.isJoined(ownerId, channel),
    connectedSince: async (ownerId, channel) => {
      if (!chat.isJoined(ownerId, channel)) return null;
      const since = (await chat.status(ownerId)).connectedSince;
      return since ? new Date(since) : null;
    },
  };
}
