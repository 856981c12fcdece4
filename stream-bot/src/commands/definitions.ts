// What a user defines for their bot: custom commands and timers, with the
// rules their fields follow. The store checks input against these before it
// writes anything; the engine and the timer scheduler read the types.
import { z } from 'zod';
import { BUILTIN_COMMANDS } from '../bot/settings.ts';
import { ROLES, type Role } from '../chat/types.ts';

export const MAX_RESPONSE_LENGTH = 500;
export const MAX_COOLDOWN_SECONDS = 86_400;

export interface CustomCommand {
  id: string;
  name: string;
  response: string;
  permission: Role;
  globalCooldownSeconds: number;
  userCooldownSeconds: number;
  enabled: boolean;
  useCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface BotTimer {
  id: string;
  name: string;
  message: string;
  intervalMinutes: number;
  minChatLines: number;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const builtinNames: readonly string[] = BUILTIN_COMMANDS;

export const commandNameSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .regex(/^[a-z0-9_-]{1,30}$/, {
        error: (issue) =>
          `command name "${String(issue.input)}" must be 1-30 characters of a-z, 0-9, _ and -, without the prefix`,
      })
      .refine((name) => !builtinNames.includes(name), {
        error: (issue) =>
          `"${String(issue.input)}" is a built-in command (${BUILTIN_COMMANDS.join(', ')}); switch built-ins on or off in the bot settings`,
      }),
  );

const text = (what: string) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, { error: `${what} must not be empty` })
        .max(MAX_RESPONSE_LENGTH, {
          error: `${what} is longer than ${MAX_RESPONSE_LENGTH} characters (Twitch's limit)`,
        }),
    );

const cooldown = z
  .int({ error: 'a cooldown is a whole number of seconds' })
  .min(0)
  .max(MAX_COOLDOWN_SECONDS, { error: `a cooldown is at most ${MAX_COOLDOWN_SECONDS} s (a day)` });

export const roleSchema = z.enum(ROLES, {
  error: `permission must be one of ${ROLES.join(', ')}`,
});

export const newCommandSchema = z.strictObject({
  name: commandNameSchema,
  response: text('response'),
  permission: roleSchema.default('everyone'),
  globalCooldownSeconds: cooldown.default(0),
  userCooldownSeconds: cooldown.default(0),
  enabled: z.boolean().default(true),
});
export type NewCommand = z.input<typeof newCommandSchema>;

export const commandPatchSchema = z.strictObject({
  name: commandNameSchema.optional(),
  response: text('response').optional(),
  permission: roleSchema.optional(),
  globalCooldownSeconds: cooldown.optional(),
  userCooldownSeconds: cooldown.optional(),
  enabled: z.boolean().optional(),
});
export type CommandPatch = z.input<typeof commandPatchSchema>;

const timerName = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, { error: 'name must not be empty' }).max(50));
const interval = z
  .int({ error: 'intervalMinutes is a whole number of minutes' })
  .min(1, { error: 'intervalMinutes is at least 1' })
  .max(1440, { error: 'intervalMinutes is at most 1440 (a day)' });
const minChatLines = z
  .int({ error: 'minChatLines is a whole number' })
  .min(0)
  .max(1000, { error: 'minChatLines is at most 1000' });

export const newTimerSchema = z.strictObject({
  name: timerName,
  message: text('message'),
  intervalMinutes: interval,
  minChatLines: minChatLines.default(5),
  enabled: z.boolean().default(true),
});
export type NewTimer = z.input<typeof newTimerSchema>;

export const timerPatchSchema = z.strictObject({
  name: timerName.optional(),
  message: text('message').optional(),
  intervalMinutes: interval.optional(),
  minChatLines: minChatLines.optional(),
  enabled: z.boolean().optional(),
});
export type TimerPatch = z.input<typeof timerPatchSchema>;

export function toRole(value: string): Role {
  return ROLES.find((r) => r === value) ?? 'broadcaster';
}
