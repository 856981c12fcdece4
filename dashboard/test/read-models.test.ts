// The dashboard's copies of stream-bot's and discord-bot's data, against
// stand-ins that answer the real query subjects as the real NATS users and
// publish the real events through JetStream: what the queries answered is
// served, events update it, a silent owner makes it stale, and nothing ever
// seen is a 503 that names the owner.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAs, eventually } from '../../tools/test-env/service-harness.ts';
import { startTestService, type TestService } from './harness.ts';
import { GUILD_ID, MARIA, PETE, standInDiscord } from './stand-in-discord.ts';
import { standInStreambot, type StandInFact } from './stand-in-streambot.ts';

let streambot: Awaited<ReturnType<typeof standInStreambot>>;
let discord: Awaited<ReturnType<typeof standInDiscord>>;
let dashboard: TestService;

interface View<T> {
  data: T;
  stale: boolean;
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

function fact(text: string, secondsAgo = 0): StandInFact {
  return { factId: randomUUID(), text, source: 'manual', createdAt: ago(secondsAgo) };
}

async function view<T>(path: string): Promise<View<T>> {
  const res = await dashboard.get(path);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as View<T>;
}

/** Polls a view until check passes (events arrive asynchronously). */
function viewUntil<T>(path: string, check: (v: View<T>) => boolean, timeoutMs = 10_000) {
  return eventually(async () => {
    const v = await view<T>(path);
    if (!check(v)) throw new Error(`${path} not there yet: ${JSON.stringify(v)}`);
    return v;
  }, timeoutMs);
}

type Facts = { facts: { factId: string; text: string }[] };
type Tickets = {
  summary: { open: number; claimed: number; unclaimed: number; oldestOpenedAt: string | null };
  tickets: { ticketId: string; status: string }[];
};

const older = fact('Honey never spoils.', 120);
const newer = fact('Octopuses have three hearts.', 60);

beforeAll(async () => {
  streambot = await standInStreambot(() => connectAs('streambot'));
  streambot.setFacts([newer, older]);
  streambot.setStatus({ connected: true, channels: ['homelab_live'], connectedSince: ago(3600) });
  streambot.setAnalytics({
    since: ago(24 * 3600),
    messages: 1520,
    uniqueChatters: 87,
    factsPosted: 12,
    topChatters: [{ username: 'pixel_pete', messages: 140 }],
  });
  await streambot.answer();
  // discord-bot stays silent until the dashboard has shown it never saw its data.
  discord = await standInDiscord(() => connectAs('discord'));
  discord.state.tickets.push(
    {
      ticketId: randomUUID(),
      guildId: GUILD_ID,
      subject: 'Plex is buffering',
      status: 'open',
      openedBy: PETE,
      claimedBy: null,
      openedAt: ago(7200),
      closedAt: null,
    },
    {
      ticketId: randomUUID(),
      guildId: GUILD_ID,
      subject: 'NAS is full',
      status: 'claimed',
      openedBy: PETE,
      claimedBy: MARIA,
      openedAt: ago(3600),
      closedAt: null,
    },
  );
  discord.state.guilds.push({
    guildId: GUILD_ID,
    name: 'Homelab Friends',
    memberCount: 342,
    joinedAt: ago(86_400),
  });
  discord.state.actions.push({
    actionId: randomUUID(),
    guildId: GUILD_ID,
    action: 'warn',
    target: PETE,
    moderator: MARIA,
    reason: 'Off-topic links',
    durationSeconds: null,
    createdAt: ago(600),
  });
  dashboard = await startTestService();
});
afterAll(async () => {
  await dashboard?.stop();
  await streambot?.close();
  await discord?.close();
});

describe("stream-bot's data, as the dashboard sees it", () => {
  it("serves the facts, bot status and analytics stream-bot's queries answered", async () => {
    const facts = await view<Facts>('/api/facts');
    expect(facts).toMatchObject({ stale: false, problem: null });
    expect(facts.data.facts.map((f) => f.factId)).toEqual([newer.factId, older.factId]);
    expect((await view<Facts>('/api/facts?limit=1')).data.facts).toHaveLength(1);

    expect(await view('/api/streambot/status')).toMatchObject({
      data: { connected: true, channels: ['homelab_live'] },
      stale: false,
    });
    expect((await view('/api/streambot/analytics')).data).toEqual({
      since: expect.any(String) as string,
      messages: 1520,
      uniqueChatters: 87,
      factsPosted: 12,
      topChatters: [{ username: 'pixel_pete', messages: 140 }],
    });
  });

  it('puts a fact.created event first in the facts and as the latest fact', async () => {
    const hello = fact('Hello from the stand-in stream-bot');
    await streambot.publishFact(hello);
    const facts = await viewUntil<Facts>('/api/facts', (v) => v.data.facts.length === 3);
    expect(facts.data.facts[0]).toMatchObject({ factId: hello.factId, text: hello.text });
    const latest = (await (await dashboard.get('/api/facts/latest')).json()) as {
      fact: { factId: string };
    };
    expect(latest.fact.factId).toBe(hello.factId);
  });

  it('follows bot.status-changed without asking stream-bot', async () => {
    const asked = streambot.asked('streambot.query.bot.status.v1');
    await streambot.publishStatus({ connected: false, channels: [] });
    const status = await viewUntil<{ connected: boolean; connectedSince: string | null }>(
      '/api/streambot/status',
      (v) => !v.data.connected,
    );
    expect(status.data.connectedSince).toBeNull();
    expect(streambot.asked('streambot.query.bot.status.v1')).toBe(asked);
  });

  it('asks stream-bot for fresh analytics after chat activity, at most every few seconds', async () => {
    streambot.setAnalytics({
      since: ago(24 * 3600),
      messages: 1521,
      uniqueChatters: 88,
      factsPosted: 13,
      topChatters: [],
    });
    await streambot.publishCommand('new_chatter');
    await viewUntil<{ messages: number }>(
      '/api/streambot/analytics',
      (v) => v.data.messages === 1521,
      15_000,
    );
  });

  it('serves the last analytics marked stale, with their age, once stream-bot stops answering', async () => {
    await streambot.silence();
    await streambot.publishCommand('another_chatter');
    const stale = await viewUntil<{ messages: number }>(
      '/api/streambot/analytics',
      (v) => v.stale,
      15_000,
    );
    expect(stale.data.messages).toBe(1521);
    expect(stale.problem).toBe('no service answers streambot.query.analytics.summary.v1');
    expect(stale.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(stale.confirmedAt)).toBeLessThanOrEqual(Date.now());
  });
});

describe("discord-bot's data, as the dashboard sees it", () => {
  it('answers 503 naming discord-bot while nothing was ever seen', async () => {
    for (const [path, what, query] of [
      // Open tickets take three questions; whichever fails first is named.
      ['/api/discord/tickets', 'open tickets', 'tickets\\.(open-summary|list)'],
      ['/api/discord/guilds', 'guilds', 'guilds\\.list'],
      ['/api/discord/moderation', 'moderation actions', 'moderation\\.recent'],
    ] as const) {
      const res = await dashboard.get(path);
      expect(res.status, path).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toMatch(
        new RegExp(
          `^no ${what} seen yet: discord-bot has not answered ` +
            `\\(no service answers discord\\.query\\.${query}\\.v1\\)$`,
        ),
      );
    }
  });

  it("serves open tickets, guilds and moderation as discord-bot's queries answered them", async () => {
    await discord.answer();
    const [unclaimed, claimed] = discord.state.tickets;
    const tickets = await viewUntil<Tickets>('/api/discord/tickets', () => true);
    expect(tickets).toMatchObject({ stale: false, problem: null });
    expect(tickets.data.summary).toEqual({
      open: 2,
      claimed: 1,
      unclaimed: 1,
      oldestOpenedAt: unclaimed?.openedAt,
    });
    expect(tickets.data.tickets.map((t) => [t.ticketId, t.status])).toEqual([
      [claimed?.ticketId, 'claimed'],
      [unclaimed?.ticketId, 'open'],
    ]);
    // Each copy asks again on its own, no sooner than its retry spacing after the 503.
    const guilds = await viewUntil('/api/discord/guilds', () => true);
    expect(guilds.data).toEqual({ guilds: discord.state.guilds });
    const moderation = await viewUntil('/api/discord/moderation', () => true);
    expect(moderation.data).toEqual({ actions: discord.state.actions });
  });

  it("follows discord-bot's events while it does not answer, then marks the copy stale", async () => {
    await discord.silence();
    const opened = await discord.openTicket('Jellyfin will not start');
    const tickets = await viewUntil<Tickets>(
      '/api/discord/tickets',
      (v) => v.data.summary.open === 3,
    );
    expect(tickets).toMatchObject({ stale: false, problem: null });
    expect(tickets.data.tickets[0]).toMatchObject({ ticketId: opened.ticketId, status: 'open' });

    const [, claimed] = discord.state.tickets;
    await discord.closeTicket(claimed!.ticketId);
    const afterClose = await viewUntil<Tickets>(
      '/api/discord/tickets',
      (v) => v.data.summary.open === 2,
    );
    expect(afterClose.data.summary).toMatchObject({ claimed: 0, unclaimed: 2 });
    expect(afterClose.data.tickets.map((t) => t.ticketId)).not.toContain(claimed!.ticketId);

    const guild = await discord.joinGuild('1234567890123456789', 'Retro Evenings', 12);
    await viewUntil<{ guilds: unknown[] }>('/api/discord/guilds', (v) =>
      v.data.guilds.some((g) => JSON.stringify(g) === JSON.stringify(guild)),
    );
    const action = await discord.moderate('timeout', 'Spam in #general');
    const moderation = await viewUntil<{ actions: { actionId: string }[] }>(
      '/api/discord/moderation',
      (v) => v.data.actions[0]?.actionId === action.actionId,
    );
    expect(moderation.data.actions[0]).toEqual(action);

    // A reopened ticket's view only discord-bot has: asking it fails, so the copy is stale.
    await discord.reopenTicket(claimed!.ticketId);
    const stale = await viewUntil<Tickets>('/api/discord/tickets', (v) => v.stale);
    expect(stale.data.summary.open).toBe(2);
    expect(stale.problem).toMatch(/^no service answers discord\.query\./);
  });
});

describe('query parameters', () => {
  it.each([
    '/api/facts?limit=0',
    '/api/facts?limit=51',
    '/api/facts?limit=lots',
    '/api/discord/tickets?limit=-1',
    '/api/discord/moderation?limit=many',
  ])('rejects %s with a 400 naming the parameter', async (path) => {
    const res = await dashboard.get(path);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^limit: /);
  });
});
