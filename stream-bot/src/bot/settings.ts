// The JSON columns of bot_config, each with its schema and defaults. Stored
// values are parsed through these on read, so a row written by an older
// version gets today's defaults for what it lacks.
import { z } from 'zod';
import { ROLES } from '../chat/types.ts';

export const BUILTIN_COMMANDS = ['fact', 'commands', 'uptime', 'song', 'sr', 'skip'] as const;
export type BuiltinCommand = (typeof BUILTIN_COMMANDS)[number];

export const MAX_CHANNELS = 20;
export const DEFAULT_PREFIX = '!';

/** A Twitch login as a channel name: lower case, 3-25 of a-z 0-9 _, no '#'. */
export const channelLoginSchema = z.string().regex(/^[a-z0-9_]{3,25}$/, {
  error: (issue) => `"${String(issue.input)}" is not a Twitch login (3-25 characters: a-z, 0-9, _)`,
});

/** What people type: '#Some_Channel ' is read as 'some_channel'. */
export function normalizeChannel(value: string): string {
  return value.trim().replace(/^#/, '').toLowerCase();
}

export const channelListSchema = z
  .array(z.string().transform(normalizeChannel).pipe(channelLoginSchema))
  .transform((list) => [...new Set(list)])
  .refine((list) => list.length <= MAX_CHANNELS, {
    error: `at most ${MAX_CHANNELS} channels are allowed`,
  });

/** 1-3 characters, none of them white space, e.g. "!" or "?!". */
export const prefixSchema = z
  .string()
  .regex(/^\S{1,3}$/u, { error: 'the prefix is 1-3 characters without spaces, e.g. "!"' });

export const builtinCommandsSchema = z
  .object({
    fact: z.boolean().default(true),
    commands: z.boolean().default(true),
    uptime: z.boolean().default(true),
    /** Spotify: the track playing now. */
    song: z.boolean().default(true),
    /** Spotify song requests; they also need songRequests.enabled. */
    sr: z.boolean().default(true),
    /** Spotify: moderators skip the current track. */
    skip: z.boolean().default(true),
  })
  .strict();

export const factSettingsSchema = z
  .object({
    /** Seconds between two !fact answers in one channel. */
    cooldownSeconds: z.int().min(0).max(3600).default(15),
    /** Seconds one viewer waits between two !fact. */
    userCooldownSeconds: z.int().min(0).max(3600).default(60),
    /** Prefix put before a fact in chat, e.g. "Fun fact:" (empty for none). */
    prefix: z.string().max(40).default(''),
  })
  .strict();

export const personalitySettingsSchema = z
  .object({
    /** Channels (lower case logins) where the bot answers mentions; empty: nowhere (opt-in). */
    enabledChannels: channelListSchema.default([]),
    /**
     * Names viewers address the bot by ("jarvis", "factbot"), as @name or a word of its own. Empty:
     * the bot's Twitch login — which is the streamer's own when the bot chats as the streamer.
     */
    names: z
      .array(
        z
          .string()
          .min(2)
          .max(25)
          .regex(/^[\p{L}\p{N}_]+$/u, 'a name is letters, digits and underscores'),
      )
      .max(10)
      .default([]),
    /** Who the bot is, in a sentence or two (the system prompt's core). */
    persona: z
      .string()
      .min(1)
      .max(1000)
      .default('A cheerful, curious stream companion who loves fun facts and keeps answers short.'),
    /** Chat model for mentions; gpt-4o by default, any model the server offers. */
    model: z.string().min(1).max(100).default('gpt-4o'),
    /** Seconds one viewer waits between two answered mentions. */
    userCooldownSeconds: z.int().min(0).max(3600).default(60),
    /** Longest answer posted, in characters (Twitch allows 500). */
    maxLength: z.int().min(20).max(500).default(300),
  })
  .strict();

/** Song requests (!sr) on the owner's Spotify player: bot_config.song_requests. */
export const songRequestSettingsSchema = z
  .object({
    /** Off until the streamer opts in. */
    enabled: z.boolean({ error: 'enabled is true or false' }).default(false),
    /** The lowest role that may request. */
    minRole: z.enum(ROLES, { error: `minRole is one of ${ROLES.join(', ')}` }).default('everyone'),
    /** Requests one viewer may have queued in the current stream (0: no limit). */
    maxQueuedPerUser: z
      .int({ error: 'maxQueuedPerUser is a whole number' })
      .min(0, { error: 'maxQueuedPerUser is 0 (no limit) or more' })
      .max(100, { error: 'maxQueuedPerUser is at most 100' })
      .default(3),
    /** Seconds one viewer waits between two requests. */
    userCooldownSeconds: z
      .int({ error: 'userCooldownSeconds is a whole number of seconds' })
      .min(0, { error: 'userCooldownSeconds is 0 or more' })
      .max(86_400, { error: 'userCooldownSeconds is at most 86400 (a day)' })
      .default(120),
    /** Longest track accepted, in seconds (0: any length). */
    maxDurationSeconds: z
      .int({ error: 'maxDurationSeconds is a whole number of seconds' })
      .min(0, { error: 'maxDurationSeconds is 0 (any length) or more' })
      .max(3600, { error: 'maxDurationSeconds is at most 3600 (an hour)' })
      .default(600),
    /** Words refused in a track's name or artists (any case), and track ids refused. */
    blocklist: z
      .array(
        z
          .string({ error: 'a blocklist entry is text' })
          .trim()
          .min(1, { error: 'a blocklist entry must not be empty' })
          .max(100, { error: 'a blocklist entry is at most 100 characters' }),
        { error: 'blocklist is a list of words or track ids' },
      )
      .max(100, { error: 'the blocklist holds at most 100 entries' })
      .default([]),
  })
  .strict();

export type SongRequestSettings = z.output<typeof songRequestSettingsSchema>;

export type BuiltinCommandSettings = z.output<typeof builtinCommandsSchema>;
export type FactSettings = z.output<typeof factSettingsSchema>;
export type PersonalitySettings = z.output<typeof personalitySettingsSchema>;

/** One user's bot settings, as the domain uses them. */
export interface BotSettings {
  userId: string;
  enabled: boolean;
  channels: string[];
  prefix: string;
  builtinCommands: BuiltinCommandSettings;
  factSettings: FactSettings;
  personality: PersonalitySettings;
  updatedAt: Date;
}
