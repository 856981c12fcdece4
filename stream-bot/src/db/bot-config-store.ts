// Each user's bot configuration: the bot_config row (with its JSON columns
// read through bot/settings.ts, so a missing row or key means today's
// defaults), the custom commands and the timers. Input is checked before
// anything is written; listeners hear about every change after it commits.
import { enqueueEvent, events, type EventData, type SqlDatabase } from '@homelab/nats';
import { z } from 'zod';
import {
  builtinCommandsSchema,
  channelListSchema,
  DEFAULT_PREFIX,
  factSettingsSchema,
  personalitySettingsSchema,
  prefixSchema,
  type BotSettings,
} from '../bot/settings.ts';
import {
  commandPatchSchema,
  newCommandSchema,
  newTimerSchema,
  timerPatchSchema,
  toRole,
  type BotTimer,
  type CommandPatch,
  type CustomCommand,
  type NewCommand,
  type NewTimer,
  type TimerPatch,
} from '../commands/definitions.ts';
import { checkInput } from '../commands/validate.ts';
import { DomainError } from '../domain/errors.ts';
import {
  Prisma,
  type BotCommand as CommandRow,
  type BotConfig as ConfigRow,
  type BotTimer as TimerRow,
  type PrismaClient,
} from '../generated/prisma/client.ts';

/** A partial update of the settings; each JSON group is merged key by key. */
export const settingsPatchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  channels: channelListSchema.optional(),
  prefix: prefixSchema.optional(),
  builtinCommands: z.record(z.string(), z.unknown()).optional(),
  factSettings: z.record(z.string(), z.unknown()).optional(),
  personality: z.record(z.string(), z.unknown()).optional(),
});
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export type ConfigChange = 'settings' | 'commands' | 'timers';
export type ConfigListener = (userId: string, what: ConfigChange) => void;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** What commandNameSchema accepts once lower-cased. */
const COMMAND_NAME = /^[a-z0-9_-]{1,30}$/;
// The row with its defaults (the own channel for a Twitch account), so there is one to lock.
const INSERT_DEFAULTS = `INSERT INTO bot_config (user_id, channels)
SELECT id, CASE WHEN twitch_id IS NULL THEN ARRAY[]::text[] ELSE ARRAY[login] END
FROM users WHERE id = $1::uuid
ON CONFLICT (user_id) DO NOTHING`;
const COUNT_USE = `UPDATE bot_commands SET use_count = use_count + 1
WHERE user_id = $1::uuid AND name = $2 RETURNING use_count`;

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}

function settingsOf(userId: string, row: ConfigRow | null, ownLogin: string | null): BotSettings {
  return {
    userId,
    enabled: row?.enabled ?? false,
    channels: row ? row.channels : ownLogin ? [ownLogin] : [],
    prefix: row?.prefix ?? DEFAULT_PREFIX,
    // A stored value that no longer fits today's rules falls back to the defaults.
    builtinCommands: parseOr(builtinCommandsSchema, row?.builtinCommands),
    factSettings: parseOr(factSettingsSchema, row?.factSettings),
    personality: parseOr(personalitySettingsSchema, row?.personality),
    updatedAt: row?.updatedAt ?? new Date(0),
  };
}

function parseOr<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}

function commandOf(row: CommandRow): CustomCommand {
  return {
    id: row.id,
    name: row.name,
    response: row.response,
    permission: toRole(row.permission),
    globalCooldownSeconds: row.globalCooldownSeconds,
    userCooldownSeconds: row.userCooldownSeconds,
    enabled: row.enabled,
    useCount: row.useCount,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function timerOf(row: TimerRow): BotTimer {
  const { id, name, message, intervalMinutes, minChatLines, enabled, createdAt, updatedAt } = row;
  return { id, name, message, intervalMinutes, minChatLines, enabled, createdAt, updatedAt };
}

export function createBotConfigStore(db: { prisma: PrismaClient; sql: SqlDatabase }) {
  const listeners = new Set<ConfigListener>();
  const changed = (userId: string, what: ConfigChange) => {
    for (const listener of listeners) {
      try {
        listener(userId, what);
      } catch {
        // A listener's failure is its own; the change is committed either way.
      }
    }
  };

  /** The user's own channel is the default only for a Twitch account. */
  async function ownLogin(userId: string): Promise<string | null> {
    const user = await db.prisma.user.findUnique({ where: { id: userId } });
    if (!user) throw new DomainError('not_found', `no user ${userId}`);
    return user.twitchId ? user.login : null;
  }

  async function get(userId: string): Promise<BotSettings> {
    const row = await db.prisma.botConfig.findUnique({ where: { userId } });
    return settingsOf(userId, row, row ? null : await ownLogin(userId));
  }

  async function update(userId: string, patch: SettingsPatch): Promise<BotSettings> {
    const p = checkInput(settingsPatchSchema, patch);
    const saved = await db.prisma.$transaction(async (tx) => {
      // Two quick saves (two toggles in the UI) must not undo each other: the
      // row is locked while the patch is merged into it.
      await tx.$executeRawUnsafe(INSERT_DEFAULTS, userId);
      await tx.$queryRaw`SELECT 1 FROM bot_config WHERE user_id = ${userId}::uuid FOR UPDATE`;
      const row = await tx.botConfig.findUnique({ where: { userId } });
      if (!row) throw new DomainError('not_found', `no user ${userId}`);
      const current = settingsOf(userId, row, null);
      const data = {
        enabled: p.enabled ?? current.enabled,
        channels: p.channels ?? current.channels,
        prefix: p.prefix ?? current.prefix,
        builtinCommands: checkInput(
          builtinCommandsSchema,
          { ...current.builtinCommands, ...p.builtinCommands },
          'builtinCommands',
        ),
        factSettings: checkInput(
          factSettingsSchema,
          { ...current.factSettings, ...p.factSettings },
          'factSettings',
        ),
        personality: checkInput(
          personalitySettingsSchema,
          { ...current.personality, ...p.personality },
          'personality',
        ),
      };
      return tx.botConfig.upsert({
        where: { userId },
        create: { userId, ...data },
        update: data,
      });
    });
    changed(userId, 'settings');
    return settingsOf(userId, saved, null);
  }

  async function commandNamed(userId: string, name: string): Promise<CommandRow> {
    // A name no command can have (a NUL, which Postgres refuses in text, among them) is looked
    // up nowhere, the way timerWithId skips ids that are not UUIDs.
    const row = COMMAND_NAME.test(name.toLowerCase())
      ? await db.prisma.botCommand.findUnique({
          where: { userId_name: { userId, name: name.toLowerCase() } },
        })
      : null;
    if (!row) throw new DomainError('not_found', `there is no command "${name}"`);
    return row;
  }

  async function timerWithId(userId: string, id: string): Promise<TimerRow> {
    const row = UUID.test(id)
      ? await db.prisma.botTimer.findFirst({ where: { id, userId } })
      : null;
    if (!row) throw new DomainError('not_found', `there is no timer with id "${id}"`);
    return row;
  }

  const commandTaken = (name: string) =>
    new DomainError('conflict', `a command named "${name}" already exists`);
  const timerTaken = (name: string) =>
    new DomainError('conflict', `a timer named "${name}" already exists`);

  return {
    get,
    update,

    /** Everyone whose bot should be in chat, with their settings. */
    enabledBots: async (): Promise<BotSettings[]> => {
      const rows = await db.prisma.botConfig.findMany({
        where: { enabled: true },
        orderBy: { userId: 'asc' },
      });
      return rows.map((row) => settingsOf(row.userId, row, null));
    },

    /** Called after every committed change; returns a function that stops it. */
    onChange(listener: ConfigListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    listCommands: async (userId: string): Promise<CustomCommand[]> =>
      (await db.prisma.botCommand.findMany({ where: { userId }, orderBy: { name: 'asc' } })).map(
        commandOf,
      ),

    findCommand: async (userId: string, name: string): Promise<CustomCommand | null> => {
      const row = await db.prisma.botCommand.findUnique({
        where: { userId_name: { userId, name: name.toLowerCase() } },
      });
      return row ? commandOf(row) : null;
    },

    createCommand: async (
      userId: string,
      input: NewCommand | Record<string, unknown>,
    ): Promise<CustomCommand> => {
      const data = checkInput(newCommandSchema, input);
      try {
        const row = await db.prisma.botCommand.create({ data: { userId, ...data } });
        changed(userId, 'commands');
        return commandOf(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw commandTaken(data.name);
        throw err;
      }
    },

    updateCommand: async (
      userId: string,
      name: string,
      patch: CommandPatch,
    ): Promise<CustomCommand> => {
      const data = checkInput(commandPatchSchema, patch);
      const existing = await commandNamed(userId, name);
      try {
        const row = await db.prisma.botCommand.update({ where: { id: existing.id }, data });
        changed(userId, 'commands');
        return commandOf(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw commandTaken(data.name ?? name);
        throw err;
      }
    },

    deleteCommand: async (userId: string, name: string): Promise<void> => {
      const existing = await commandNamed(userId, name);
      await db.prisma.botCommand.delete({ where: { id: existing.id } });
      changed(userId, 'commands');
    },

    /** Counts one use, atomically; the new count, or null when the command is gone. */
    countUse: async (userId: string, name: string): Promise<number | null> => {
      const [row] = await db.sql.query<{ use_count: number }>(COUNT_USE, [userId, name]);
      return row ? Number(row.use_count) : null;
    },

    /**
     * Records that a command was answered: its commandRun event and, for a
     * custom command, one more use — in one transaction. The new use count,
     * or null for a built-in (or a custom command deleted meanwhile).
     */
    recordRun: (
      userId: string,
      run: EventData<typeof events.commandRun>,
      custom: boolean,
    ): Promise<number | null> =>
      db.sql.transaction(async (tx) => {
        const [row] = custom
          ? await tx.query<{ use_count: number }>(COUNT_USE, [userId, run.command])
          : [];
        await enqueueEvent(tx, events.commandRun, run, {
          aggregateId: `${run.platform}:${run.channel}:${run.command}`,
        });
        return row ? Number(row.use_count) : null;
      }),

    listTimers: async (userId: string): Promise<BotTimer[]> =>
      (await db.prisma.botTimer.findMany({ where: { userId }, orderBy: { name: 'asc' } })).map(
        timerOf,
      ),

    createTimer: async (
      userId: string,
      input: NewTimer | Record<string, unknown>,
    ): Promise<BotTimer> => {
      const data = checkInput(newTimerSchema, input);
      try {
        const row = await db.prisma.botTimer.create({ data: { userId, ...data } });
        changed(userId, 'timers');
        return timerOf(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw timerTaken(data.name);
        throw err;
      }
    },

    updateTimer: async (userId: string, id: string, patch: TimerPatch): Promise<BotTimer> => {
      const data = checkInput(timerPatchSchema, patch);
      const existing = await timerWithId(userId, id);
      try {
        const row = await db.prisma.botTimer.update({ where: { id: existing.id }, data });
        changed(userId, 'timers');
        return timerOf(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw timerTaken(data.name ?? existing.name);
        throw err;
      }
    },

    deleteTimer: async (userId: string, id: string): Promise<void> => {
      const existing = await timerWithId(userId, id);
      await db.prisma.botTimer.delete({ where: { id: existing.id } });
      changed(userId, 'timers');
    },
  };
}

export type BotConfigStore = ReturnType<typeof createBotConfigStore>;
