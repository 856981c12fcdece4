// Who sees which tickets: a user logged in with Discord sees and closes only the tickets of
// guilds they manage (others are 404, and nothing is written); their close names them on the
// bus. The local admin sees every guild. The bot is off here: closing needs no Discord call.
import { randomBytes } from 'node:crypto';
import { events, type SubscribedEvent } from '@homelab/nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installDiscordOAuth,
  MANAGE_GUILD,
  type DiscordOAuthStandIn,
} from '../../tools/test-env/discord-oauth-stand-in.ts';
import { startDiscordStandIn, type DiscordStandIn } from '../../tools/test-env/discord-stand-in.ts';
import { freePort } from '../../tools/test-env/ports.ts';
import {
  cookieHeader,
  storeCookies,
  watchEvents,
  type EventWatch,
} from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';

const MANAGED = '1200000000000000001';
const FOREIGN = '1200000000000000003';

let standIn: DiscordStandIn;
let oauth: DiscordOAuthStandIn;
let svc: TestService;
let db: pg.Client;
let watch: EventWatch;
let base: string;
let adaId: string;
const seen: SubscribedEvent[] = [];
const jar = new Map<string, string>();
const ids: Record<string, string> = {};

async function go(url: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (url.startsWith(base) && jar.size > 0) headers.set('cookie', cookieHeader(jar));
  const res = await fetch(url, { ...init, redirect: 'manual', headers });
  if (url.startsWith(base)) storeCookies(jar, res);
  return res;
}
/** ada's browser on the service's page. */
function api(path: string, body?: unknown) {
  const headers: Record<string, string> = { origin: base };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return go(base + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
const location = (res: Response) => res.headers.get('location')!;

async function insertTicket(guildId: string, number: number, openerId: string) {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO tickets (guild_id, number, channel_id, opener_id, opener_tag)
     VALUES ($1, $2, $3, $4, 'someone') RETURNING id`,
    [guildId, number, `13000000000000000${number}${guildId.slice(-1)}`, openerId],
  );
  return rows[0]!.id;
}

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  oauth = installDiscordOAuth(standIn);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ...oauth.env(),
  });
  watch = await watchEvents('DISCORD_EVENTS', seen);
  db = new pg.Client({ connectionString: svc.database!.url });
  await db.connect();
  await db.query(
    `INSERT INTO guilds (id, name, member_count) VALUES ($1, 'Managed', 10), ($2, 'Foreign', 20)`,
    [MANAGED, FOREIGN],
  );
  const ada = standIn.user({ username: 'ada' });
  adaId = ada.id;
  oauth.consentAs({
    user: ada,
    guilds: [
      { id: MANAGED, name: 'Managed', permissions: MANAGE_GUILD },
      { id: FOREIGN, name: 'Foreign', permissions: 0x400n },
    ],
  });
  ids.mine = await insertTicket(MANAGED, 1, '312456789012345671');
  ids.theirs = await insertTicket(FOREIGN, 1, '312456789012345672');
  // Log in with Discord: login → Discord's consent → callback → signed in.
  const toDiscord = location(await go(`${base}/auth/discord/login`));
  const callback = location(await go(toDiscord));
  expect(location(await go(callback))).toBe('/');
});

afterAll(async () => {
  await db?.end();
  await watch?.stop();
  await svc?.stop();
  await standIn?.close();
});

describe('ticket access by managed guild', () => {
  it('lists only the tickets of guilds the user manages', async () => {
    const list = async (q: string) =>
      ((await (await api(`/api/tickets${q}`)).json()) as { tickets: { id: string }[] }).tickets.map(
        (t) => t.id,
      );
    expect(await list('')).toEqual([ids.mine]);
    expect(await list(`?guild=${FOREIGN}`)).toEqual([]);
    // The local admin sees both.
    const admin = (await (await svc.get('/api/tickets')).json()) as { tickets: { id: string }[] };
    expect(admin.tickets.map((t) => t.id).sort()).toEqual([ids.mine, ids.theirs].sort());
  });

  it('answers 404 for another guild’s ticket and writes nothing', async () => {
    expect((await api(`/api/tickets/${ids.theirs}`)).status).toBe(404);
    expect((await api(`/api/tickets/${ids.theirs}/close`, { reason: 'no' })).status).toBe(404);
    const open = await api('/api/tickets', {
      guildId: FOREIGN,
      memberId: '312456789012345679',
      memberTag: 'x',
    });
    expect(open.status).toBe(404);
    const { rows } = await db.query(`SELECT status FROM tickets WHERE id = $1`, [ids.theirs]);
    expect(rows).toEqual([{ status: 'open' }]);
    expect((await db.query(`SELECT 1 FROM tickets`)).rowCount).toBe(2);
  });

  it('closes a ticket of a managed guild as the logged-in Discord user', async () => {
    const res = await api(`/api/tickets/${ids.mine}/close`, { reason: 'Sorted on the phone' });
    expect(res.status).toBe(200);
    const { ticket } = (await res.json()) as { ticket: { status: string; closedBy: unknown } };
    expect(ticket).toMatchObject({
      status: 'closed',
      closedBy: { userId: adaId, username: 'ada' },
    });
    await expect
      .poll(() =>
        seen.filter((e) => e.subject === events.ticketClosed.subject).map((e) => e.envelope.data),
      )
      .toEqual([
        {
          ticketId: ids.mine,
          guildId: MANAGED,
          closedBy: { userId: adaId, username: 'ada' },
          reason: 'Sorted on the phone',
        },
      ]);
  });
});
