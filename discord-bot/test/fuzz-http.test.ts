// Fuzzes every HTTP route of discord-bot (tools/fuzz/http-fuzz.ts): thousands of
// malformed requests (wrong types, huge and unicode strings with NUL and lone
// surrogates, missing and extra fields, deep nesting, injection strings) must
// each get a JSON 4xx with a code and a message — no 500, no hang — and leave
// the database as it was. FUZZ_RUNS (requests in all, default 2000) and
// FUZZ_SEED (to replay a failure) tune it.
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { fuzzHttpRoutes, fuzzRuns, fuzzSeed, summary } from '../../tools/fuzz/http-fuzz.ts';
import { startTestService, type TestService } from './harness.ts';

const GUILD = '1098765432109876543';
const MEMBER = '312456789012340001';
const CHANNEL = '1500000000000000001';
const ROLE = '1200000000000000001';

/** Requests in all by default; FUZZ_RUNS overrides. */
const RUNS = 2000;
let svc: TestService;
const ids: Record<string, string[]> = { id: [GUILD], panelId: [] };

beforeAll(async () => {
  // No bot token and no Discord application: routes that need Discord answer their designed
  // 503 (unavailable); everything else runs on the database.
  svc = await startTestService({ LOG_LEVEL: 'error' });
  // The guild row the gateway would write, so guild routes reach their deeper code.
  const client = new pg.Client({ connectionString: svc.database!.url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO guilds (id, name, member_count) VALUES ($1, 'Fuzz guild', 10)`,
      [GUILD],
    );
    await client
      .query(
        `INSERT INTO role_panels (id, guild_id, channel_id, title, roles)
       VALUES (gen_random_uuid(), $1, $2, 'Colours', $3::jsonb) RETURNING id`,
        [GUILD, CHANNEL, JSON.stringify([{ roleId: ROLE, label: 'Red', emoji: null }])],
      )
      .then((r) => ids.panelId!.push(String(r.rows[0].id)));
  } finally {
    await client.end();
  }
  const ticket = await svc.post('/api/tickets', {
    guildId: GUILD,
    memberId: MEMBER,
    memberTag: 'member_1',
  });
  if (ticket.ok) ids.id!.push(((await ticket.json()) as { ticket: { id: string } }).ticket.id);
  return () => svc.stop();
});

it(
  'answers every route with a clear refusal or a faithful write',
  // Up to 200 ms a request (a loaded machine, a long FUZZ_RUNS hunt), at least 10 minutes.
  { timeout: Math.max(600_000, fuzzRuns(RUNS) * 200) },
  async () => {
    const result = await fuzzHttpRoutes({
      svc: () => svc,
      runs: fuzzRuns(RUNS),
      seed: fuzzSeed(),
      ids: (param) => ids[param] ?? [],
      readPath: '/api/guilds',
      samples: {
        'POST /api/auth/login': { body: { username: 'someone', password: 'not-the-password' } },
        'GET /api/tickets': { query: ['status', 'guild', 'member', 'limit', 'cursor'] },
        'POST /api/tickets': {
          body: { guildId: GUILD, memberId: MEMBER, memberTag: 'm', answers: ['a'] },
        },
        'POST /api/tickets/:id/close': { body: { reason: 'done' } },
        'PUT /api/guilds/:id/settings': {
          body: {
            maxOpenTicketsPerMember: 2,
            staffRoleIds: [ROLE],
            ticketQuestions: [{ label: 'Why?', style: 'short', required: true }],
            autoCloseHours: 24,
            verificationQuestion: 'Say hi',
          },
        },
        'POST /api/guilds/:id/role-panels': {
          body: { title: 'Pick', channelId: CHANNEL, roles: [{ roleId: ROLE, label: 'Red' }] },
        },
        'PUT /api/guilds/:id/role-panels/:panelId': {
          body: { title: 'Pick', channelId: CHANNEL, roles: [{ roleId: ROLE, label: 'Blue' }] },
        },
        'POST /api/guilds/:id/ticket-panel': { body: { channelId: CHANNEL } },
        'POST /api/guilds/:id/verify-panel': { body: { channelId: CHANNEL } },
        'POST /api/verify': { body: { guildId: GUILD, userId: MEMBER, answer: 'hi' } },
        'GET /api/moderation': {
          query: ['guild', 'action', 'target', 'moderator', 'since', 'limit', 'cursor'],
        },
      },
      vocabulary: (
        'guildId memberId memberTag answers reason title channelId roles roleId label emoji ' +
        'singleChoice userId answer username password status guild member limit cursor since ' +
        'action target maxOpenTicketsPerMember staffRoleIds ticketQuestions autoCloseHours ' +
        'verifiedRoleId unverifiedRoleId logChannelId code state'
      ).split(' '),
      treatments: {
        // Logging out would end the test's own session; it is sent without the cookie.
        'POST /api/auth/logout': 'no-session',
        // The web UI's catch-all (HTML pages; paths outside /api, traversal attempts among them).
        'GET /*': 'web-ui',
      },
      designed5xx: {
        // No bot token / Discord application: the bot or the login is not available.
        503: ['unavailable'],
      },
      fingerprint: {
        // last_seen_at moves on every signed-in request.
        exclude: ['sessions'],
        // The relay marks events published in the background; a new row still shows.
        countOnly: { outbox_events: 'seq' },
      },
    });
    console.log(summary('discord-bot', result));
    expect(result.routes.length).toBeGreaterThan(20);
    expect(result.failures).toEqual([]);
  },
);

// Cases the fuzzer found, kept as plain tests.
it('refuses ticket text with a NUL or a lone surrogate with 400 (its own body reader had no check)', async () => {
  for (const memberTag of ['a\u0000b', 'a\udc00']) {
    const res = await svc.post('/api/tickets', { guildId: GUILD, memberId: MEMBER, memberTag });
    expect(res.status, JSON.stringify(memberTag)).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error).toEqual({
      code: 'invalid_input',
      message: expect.stringMatching(/^memberTag: contains an? (NUL|unpaired)/),
    });
  }
});
