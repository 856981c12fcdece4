// The command engine: reads chat lines as commands, decides whether the
// chatter may run one now (permission, cooldowns, switched off), answers in
// chat and records the run (commandRun event, use count). The same path
// serves POST /api/bot/command, which runs a line as if it was typed.
import type { Logger } from '@homelab/nats/runtime';
import { BUILTIN_COMMANDS, type BotSettings, type BuiltinCommand } from '../bot/settings.ts';
import {
  roleAllows,
  type ChatListener,
  type ChatSender,
  type IncomingChatMessage,
  type Platform,
  type Role,
} from '../chat/types.ts';
import type { BotConfigStore } from '../db/bot-config-store.ts';
import { BUILTIN_FACTS } from '../domain/builtin-facts.ts';
import {
  BUILTIN_PERMISSION,
  commandsReply,
  factReply,
  spotifyReply,
  uptimeReply,
  WITHOUT_CHANNEL_COOLDOWN,
} from './builtins.ts';
import type { SongCommands } from '../spotify/song-commands.ts';
import {
  createCooldowns,
  systemClock,
  type Clock,
  type CooldownRule,
  type Refusal,
} from './cooldowns.ts';
import type { CustomCommand } from './definitions.ts';
import type { FactPool } from './fact-pool.ts';
import { parseCommand, type ParsedCommand } from './parse.ts';
import { fitChatLine, renderTemplate } from './template.ts';

/** Where the owner's bot is in chat; the chat connector answers it. */
export interface ChatPresence {
  isJoined(ownerId: string, channel: string): boolean;
  /** Since when the owner's bot has been connected to chat, or null when it is not in the channel. */
  connectedSince(ownerId: string, channel: string): Promise<Date | null>;
}

export interface Chatter {
  /** The platform's user id, when the line came from chat. */
  id?: string;
  login: string;
  displayName: string;
  role: Role;
}

export interface CommandRequest {
  /** Where the line was typed; 'twitch' when left out (the API's test runs). */
  platform?: Platform;
  channel: string;
  text: string;
  chatter: Chatter;
  via: 'chat' | 'api';
}

export interface CommandResult {
  /** The command's name, or null when the line is not a command. */
  command: string | null;
  reply: string | null;
  refused?: Refusal;
}

export interface CommandEngineOptions {
  store: Pick<BotConfigStore, 'get' | 'listCommands' | 'recordRun' | 'onChange'>;
  /** Stored facts, for when the pool is empty. */
  facts: { random(): Promise<{ text: string } | null> };
  pool: FactPool;
  presence: ChatPresence;
  logger: Logger;
  clock?: Clock;
  random?: () => number;
  /** !song, !sr and !skip; without it they say Spotify is not set up. */
  songs?: SongCommands;
}

/** !commands and !uptime may answer once per this many seconds in a channel. */
export const BUILTIN_COOLDOWN_SECONDS = 5;

interface Snapshot {
  settings: BotSettings;
  commands: Map<string, CustomCommand>;
}

const isBuiltin = (name: string): name is BuiltinCommand =>
  (BUILTIN_COMMANDS as readonly string[]).includes(name);

export function createCommandEngine(options: CommandEngineOptions) {
  const { store, pool, presence, logger } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const cooldowns = createCooldowns(clock);
  // Settings and commands per owner, read once and dropped when they change.
  const snapshots = new Map<string, Promise<Snapshot>>();
  const stopListening = store.onChange((userId, what) => {
    if (what !== 'timers') snapshots.delete(userId);
  });

  function snapshot(ownerId: string): Promise<Snapshot> {
    let found = snapshots.get(ownerId);
    if (!found) {
      found = Promise.all([store.get(ownerId), store.listCommands(ownerId)]).then(
        ([settings, commands]) => ({
          settings,
          commands: new Map(commands.map((c) => [c.name, c])),
        }),
      );
      found.catch(() => snapshots.delete(ownerId));
      snapshots.set(ownerId, found);
    }
    return found;
  }

  function builtinRule(name: BuiltinCommand, settings: BotSettings): CooldownRule {
    if (WITHOUT_CHANNEL_COOLDOWN.includes(name)) return { globalSeconds: 0, userSeconds: 0 };
    return name === 'fact'
      ? {
          globalSeconds: settings.factSettings.cooldownSeconds,
          userSeconds: settings.factSettings.userCooldownSeconds,
        }
      : { globalSeconds: BUILTIN_COOLDOWN_SECONDS, userSeconds: 0 };
  }

  async function factText(): Promise<string> {
    const pooled = pool.take();
    if (pooled) return pooled;
    try {
      const stored = await options.facts.random();
      if (stored) return stored.text;
    } catch (err) {
      logger.warn({ err }, 'no stored fact for !fact; answering from the built-in collection');
    }
    return BUILTIN_FACTS[Math.floor(random() * BUILTIN_FACTS.length)] ?? BUILTIN_FACTS[0]!;
  }

  function visibleCommands(snap: Snapshot, role: Role): string[] {
    const builtins = BUILTIN_COMMANDS.filter(
      (b) => snap.settings.builtinCommands[b] && roleAllows(role, BUILTIN_PERMISSION[b] ?? role),
    );
    const custom = [...snap.commands.values()]
      .filter((c) => c.enabled && roleAllows(role, c.permission))
      .map((c) => c.name)
      .sort();
    return [...builtins, ...custom];
  }

  async function answerBuiltin(
    name: BuiltinCommand,
    ownerId: string,
    req: CommandRequest,
    snap: Snapshot,
    rest = '',
  ): Promise<string> {
    switch (name) {
      case 'song':
      case 'sr':
      case 'skip':
        return spotifyReply(options.songs, name, {
          ownerId,
          platform: req.platform ?? 'twitch',
          channel: req.channel,
          chatter: req.chatter,
          rest,
        });
      case 'fact':
        return factReply(snap.settings.factSettings.prefix, await factText());
      case 'commands':
        return commandsReply(snap.settings.prefix, visibleCommands(snap, req.chatter.role));
      case 'uptime':
        return uptimeReply(
          req.channel,
          await presence.connectedSince(ownerId, req.channel),
          clock.now(),
        );
    }
  }

  async function record(ownerId: string, req: CommandRequest, command: string, custom: boolean) {
    return store.recordRun(
      ownerId,
      {
        platform: req.platform ?? 'twitch',
        channel: req.channel,
        command,
        chatter: req.chatter.login,
        via: req.via,
      },
      custom,
    );
  }

  async function runParsed(
    ownerId: string,
    req: CommandRequest,
    parsed: ParsedCommand,
  ): Promise<CommandResult> {
    const snap = await snapshot(ownerId);
    const { name } = parsed;
    const scope = `${ownerId}\u0000${req.platform ?? 'twitch'}\u0000${req.channel}`;
    const refuse = (refused: Refusal): CommandResult => ({ command: name, reply: null, refused });

    if (isBuiltin(name)) {
      if (!snap.settings.builtinCommands[name]) return refuse('disabled');
      const needed = BUILTIN_PERMISSION[name];
      if (needed && !roleAllows(req.chatter.role, needed)) return refuse('permission');
      const rule = builtinRule(name, snap.settings);
      if (!cooldowns.tryTake(scope, name, req.chatter.login, req.chatter.role, rule)) {
        return refuse('cooldown');
      }
      const reply = fitChatLine(await answerBuiltin(name, ownerId, req, snap, parsed.rest));
      // A built-in's answer needs nothing from the database: chat gets it without
      // waiting for the event to be written.
      record(ownerId, req, name, false).catch((err: unknown) => {
        logger.warn({ err, command: name }, 'could not record a command run');
      });
      return { command: name, reply };
    }

    const custom = snap.commands.get(name);
    if (!custom) return refuse('unknown');
    if (!custom.enabled) return refuse('disabled');
    if (!roleAllows(req.chatter.role, custom.permission)) return refuse('permission');
    const rule = {
      globalSeconds: custom.globalCooldownSeconds,
      userSeconds: custom.userCooldownSeconds,
    };
    if (!cooldowns.tryTake(scope, name, req.chatter.login, req.chatter.role, rule)) {
      return refuse('cooldown');
    }
    const count = await record(ownerId, req, name, true);
    const reply = renderTemplate(custom.response, {
      user: req.chatter.displayName,
      channel: req.channel,
      args: parsed.args,
      ...(count === null ? {} : { count }),
      random,
    });
    return { command: name, reply: reply === '' ? null : reply };
  }

  return {
    /**
     * Runs a line for the owner's bot. Lines that are not commands give
     * { command: null, refused: 'unknown' }.
     */
    async run(ownerId: string, req: CommandRequest): Promise<CommandResult> {
      const { settings } = await snapshot(ownerId);
      const parsed = parseCommand(req.text, settings.prefix);
      if (!parsed) return { command: null, reply: null, refused: 'unknown' };
      return runParsed(ownerId, req, parsed);
    },

    /** The prefix the owner's bot listens for. */
    prefixOf: async (ownerId: string) => (await snapshot(ownerId)).settings.prefix,

    /** Answers commands in chat; refusals stay silent there. */
    listener(sender: ChatSender): ChatListener {
      return (message: IncomingChatMessage) => {
        if (message.self) return;
        pool.refill();
        void handle(sender, message);
      };
    },

    stop() {
      stopListening();
      snapshots.clear();
    },
  };

  async function handle(sender: ChatSender, message: IncomingChatMessage): Promise<void> {
    try {
      const { settings } = await snapshot(message.ownerId);
      const parsed = parseCommand(message.text, settings.prefix);
      if (!parsed) return;
      const req: CommandRequest = {
        platform: message.platform,
        channel: message.channel,
        text: message.text,
        chatter: {
          id: message.chatterId,
          login: message.chatterLogin,
          displayName: message.chatterName,
          role: message.role,
        },
        via: 'chat',
      };
      const result = await runParsed(message.ownerId, req, parsed);
      if (result.reply) {
        await sender.say(message.platform, message.ownerId, message.channel, result.reply);
      } else if (result.refused && result.refused !== 'unknown') {
        logger.debug({ channel: message.channel, ...result }, 'command refused');
      }
    } catch (err) {
      logger.warn({ err, channel: message.channel }, 'a chat command failed');
    }
  }
}

export type CommandEngine = ReturnType<typeof createCommandEngine>;
