// POST /api/verify {guildId, userId}: a manager verifies a member from the web UI.
// The bot gives the role, so without its Discord connection the answer is 503 and
// nothing is written; every attempt the bot makes is recorded.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Verifier } from '../verification/verification.ts';
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
