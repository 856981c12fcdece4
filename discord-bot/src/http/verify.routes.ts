// POST /api/verify {guildId, userId}: a manager verifies a member from the web UI.
// The bot gives the role, so without its Discord connection the answer is 503 and
// nothing is written; every attempt the bot makes is recorded.
import { Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { VerificationStore, Verifier } from '../verification/verification.ts';
import { requireGuild, type GuildAccess } from './guild-access.ts';
import { readJsonBody } from './json-body.ts';

const snowflake = () => z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17-20 digits)');
const verifyBody = z.strictObject({ guildId: snowflake(), userId: snowflake() });

export function verifyRoutes(verifier: Verifier, access: GuildAccess) {
  return new Hono().post('/', async (c) => {
    const body = await readJsonBody(c, verifyBody);
    await requireGuild(access, c, body.guildId);
    const actor = await access.actor(c);
    const result = await verifier.verify({ ...body, via: 'web', actor });
    const status = result.outcome === 'verified' ? 200 : 502;
    return c.json(
      {
        outcome: result.outcome,
        verification: {
          id: result.record.id,
          guildId: result.record.guildId,
          member: result.record.member,
          outcome: result.record.outcome,
          detail: result.record.detail,
          createdAt: result.record.createdAt.toISOString(),
        },
      },
      status,
    );
  });
}

const panelBody = z.strictObject({ channelId: snowflake() });

/** Posts the verify panel: a message with a Verify button. */
export type VerifyPanelPoster = (
  guildId: string,
  channelId: string,
) => Promise<{ channelId: string; messageId: string }>;

/** POST /api/guilds/:id/verify-panel {channelId}: 503 while the bot is not connected. */
export function verifyPanelRoutes(
  access: GuildAccess,
  verification: VerificationStore,
  post: VerifyPanelPoster | undefined,
  offline: string,
) {
  return new Hono().post('/:id/verify-panel', async (c) => {
    const guildId = c.req.param('id');
    if (!/^\d{17,20}$/.test(guildId)) {
      throw new DomainError(
        'invalid_input',
        `guild id "${guildId}" is not a Discord id (17-20 digits)`,
      );
    }
    const body = await readJsonBody(c, panelBody);
    await requireGuild(access, c, guildId);
    const settings = await verification.settings(guildId);
    if (!settings) throw new DomainError('not_found', `the bot is not in guild ${guildId}`);
    if (!settings.verifiedRoleId) {
      throw new DomainError(
        'conflict',
        `verification is not set up in guild ${guildId}: choose the verified role in the guild settings first`,
      );
    }
    if (!post) throw new DomainError('unavailable', `cannot post the verify panel: ${offline}`);
    return c.json({ panel: await post(guildId, body.channelId) }, 201);
  });
}
