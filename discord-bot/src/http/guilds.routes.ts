// The guilds a signed-in user may manage (the bot is in them and the user has
// Manage Server or Administrator there; the local admin: every guild the bot is
// in), and each one's settings. A guild the user does not manage is 404, like an unknown one.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { SettingsInput, SettingsStore } from '../db/settings-store.ts';
import { DomainError } from '../domain/errors.ts';
import type { Guild, GuildStore } from '../domain/guilds.ts';
import { readJsonBody } from './json-body.ts';
import { currentUser, manages, requireManager } from './session.ts';

export function guildJson(guild: Guild) {
  return { ...guild, joinedAt: guild.joinedAt.toISOString() };
}

const SNOWFLAKE = /^\d{17,20}$/;
const snowflake = (what: string) =>
  z.string().regex(SNOWFLAKE, `expected the ${what}'s Discord id (17 to 20 digits)`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `expected at most ${max} characters`)
    .nullable()
    .transform((v) => (v === '' ? null : v));

export const settingsInput = z
  .object({
    ticketCategoryId: snowflake('category').nullable(),
    staffRoleIds: z
      .array(snowflake('role'))
      .max(25, 'expected at most 25 staff roles')
      .refine((ids) => new Set(ids).size === ids.length, 'a role is listed twice'),
    maxOpenTicketsPerMember: z
      .number({ error: 'expected a whole number from 1 to 10' })
      .int('expected a whole number from 1 to 10')
      .min(1, 'expected a whole number from 1 to 10')
      .max(10, 'expected a whole number from 1 to 10'),
    ticketQuestions: z
      .array(
        z.strictObject({
          // Discord's text-input label limit.
          label: z
            .string()
            .trim()
            .min(1, 'a question needs a label')
            .max(45, 'expected at most 45 characters'),
          style: z.enum(['short', 'paragraph'], { error: 'expected short or paragraph' }),
          required: z.boolean({ error: 'expected true or false' }),
        }),
      )
      .max(5, 'expected at most 5 questions (a Discord modal holds 5)'),
    autoCloseHours: z
      .number({ error: 'expected hours from 1 to 720, or null for never' })
      .int('expected whole hours from 1 to 720, or null for never')
      .min(1, 'expected hours from 1 to 720, or null for never')
      .max(720, 'expected hours from 1 to 720, or null for never')
      .nullable(),
    unverifiedRoleId: snowflake('role').nullable(),
    verifiedRoleId: snowflake('role').nullable(),
    verificationQuestion: optionalText(200),
    verificationAnswer: optionalText(200),
    logChannelId: snowflake('channel').nullable(),
  })
  .partial()
  .strict();

export interface GuildRouteDeps {
  guilds: GuildStore;
  settings: SettingsStore;
}

export function guildRoutes(deps: GuildRouteDeps) {
  /** The guild, known and still joined, that the caller manages; else 404. */
  async function managedGuild(c: Context, guildId: string): Promise<Guild> {
    const guild = (await deps.guilds.list()).find((g) => g.guildId === guildId);
    if (!guild) throw new DomainError('not_found', `the bot is not in a guild with id ${guildId}`);
    requireManager(c, guildId);
    return guild;
  }

  return new Hono()
    .get('/', async (c) => {
      const user = currentUser(c);
      const all = await deps.guilds.list();
      return c.json({ guilds: all.filter((g) => manages(user, g.guildId)).map(guildJson) });
    })
    .get('/:id/settings', async (c) => {
      const guild = await managedGuild(c, c.req.param('id'));
      return c.json({ guildId: guild.guildId, settings: await deps.settings.get(guild.guildId) });
    })
    .put('/:id/settings', async (c) => {
      const guild = await managedGuild(c, c.req.param('id'));
      const input = await readJsonBody(c, settingsInput);
      const current = await deps.settings.get(guild.guildId);
      const next: SettingsInput = { ...current, ...input };
      if (next.verifiedRoleId !== null && next.verifiedRoleId === next.unverifiedRoleId) {
        throw new DomainError(
          'invalid_input',
          'verifiedRoleId: the verified role must differ from the unverified role',
        );
      }
      return c.json({
        guildId: guild.guildId,
        settings: await deps.settings.save(guild.guildId, next),
      });
    });
}
