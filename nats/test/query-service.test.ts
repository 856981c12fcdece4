import type { NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queries } from '../src/contracts/registry.ts';
import {
  ContractValidationError,
  InvalidReplyError,
  NoRespondersError,
  QueryError,
  QueryErrorReply,
  RequestTimeoutError,
} from '../src/errors.ts';
import { discoverServices } from '../src/queries/discovery.ts';
import { startQueryService, type QueryService } from '../src/queries/query-service.ts';
import { request } from '../src/queries/request.ts';
import { startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
let streambot: NatsConnection;
let dashboard: NatsConnection;
let service: QueryService;
let botMode: 'ok' | 'restarting' | 'slow' | 'crash' | 'off-contract' | 'no-database' = 'ok';

const botStatus = {
  connected: true,
  channels: ['homelab_live'],
  connectedSince: '2026-11-27T09:00:00.000Z',
};

beforeAll(async () => {
  bus = await startTestBus();
  streambot = await bus.connect('streambot');
  dashboard = await bus.connect('dashboard');
  service = await startQueryService(streambot, {
    service: 'streambot',
    version: '1.4.0',
    handlers: {
      [queries.factsLatest.subject]: async (req) => ({
        facts: queries.factsLatest.example.response.facts.slice(0, req.limit ?? 10),
      }),
      [queries.botStatus.subject]: async () => {
        switch (botMode) {
          case 'ok':
            return botStatus;
          case 'restarting':
            throw new QueryError(503, 'the chat bot is restarting');
          case 'slow':
            await new Promise((r) => setTimeout(r, 400));
            return botStatus;
          case 'crash':
            throw new TypeError("Cannot read properties of undefined (reading 'channels')");
          case 'off-contract':
            return { ...botStatus, connected: 'yes' } as never;
          case 'no-database':
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
              code: 'ECONNREFUSED',
            });
        }
      },
    },
  });
});
afterAll(async () => {
  await service?.stop();
  await bus?.dispose();
});

async function rawRequest(subject: string, body: string) {
  const reply = await dashboard.request(subject, body, { timeout: 1000 });
  return {
    code: reply.headers?.get('Nats-Service-Error-Code'),
    message: reply.headers?.get('Nats-Service-Error'),
    body: reply.string(),
  };
}

describe('a query service', () => {
  it('answers with a typed, validated response', async () => {
    botMode = 'ok';
    const facts = await request(dashboard, queries.factsLatest, { limit: 1 });
    expect(facts).toEqual(queries.factsLatest.example.response);
    expect(await request(dashboard, queries.botStatus, {})).toEqual(botStatus);
  });

  it('answers a bad request with a 400 error reply that says what is wrong', async () => {
    const tooMany = await rawRequest(queries.factsLatest.subject, '{"limit": 1000}');
    expect(tooMany.code).toBe('400');
    expect(tooMany.message).toMatch(/^bad request: limit: /);
    expect(JSON.parse(tooMany.body)).toEqual({ error: { code: 400, message: tooMany.message } });
    const notJson = await rawRequest(queries.factsLatest.subject, 'limit=3');
    expect(notJson.code).toBe('400');
    expect(notJson.message).toMatch(/^request is not JSON/);
    // The client checks first and never sends a request its contract refuses.
    await expect(request(dashboard, queries.factsLatest, { limit: 0 })).rejects.toBeInstanceOf(
      ContractValidationError,
    );
  });

  it('tells no responders, timeouts, error replies and invalid replies apart', async () => {
    const noOne = await request(dashboard, queries.guildsList, {}).catch((e: unknown) => e);
    expect(noOne).toBeInstanceOf(NoRespondersError);
    expect((noOne as Error).name).toBe('NoRespondersError');
    expect((noOne as Error).cause).toBeDefined();

    botMode = 'slow';
    const slow = await request(dashboard, queries.botStatus, {}, { timeoutMs: 100 }).catch(
      (e: unknown) => e,
    );
    expect(slow).toBeInstanceOf(RequestTimeoutError);
    expect((slow as Error).message).toBe(
      'no answer on streambot.query.bot.status.v1 within 100 ms',
    );

    botMode = 'restarting';
    const refused = await request(dashboard, queries.botStatus, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueryErrorReply);
    expect(refused).toMatchObject({ name: 'QueryErrorReply', code: 503 });
    expect((refused as Error).message).toMatch(/the chat bot is restarting/);

    botMode = 'crash';
    const crashed = await request(dashboard, queries.botStatus, {}).catch((e: unknown) => e);
    expect(crashed).toMatchObject({ name: 'QueryErrorReply', code: 500 });
    expect((crashed as Error).message).not.toMatch(/Cannot read/); // internals stay in the service's log

    botMode = 'no-database';
    const noDatabase = await request(dashboard, queries.botStatus, {}).catch((e: unknown) => e);
    expect(noDatabase).toMatchObject({ name: 'QueryErrorReply', code: 503 });
    expect((noDatabase as Error).message).toMatch(/the database is unavailable/);

    botMode = 'off-contract';
    const broken = await request(dashboard, queries.botStatus, {}).catch((e: unknown) => e);
    expect(broken).toMatchObject({ name: 'QueryErrorReply', code: 500 });

    // A responder outside the query service that answers off contract.
    const rogue = streambot.subscribe(queries.analyticsSummary.subject, {
      callback: (_err, msg) => msg.respond('{"since": "yesterday"}'),
    });
    await streambot.flush(); // the server knows the subscription before anyone asks
    const invalid = await request(dashboard, queries.analyticsSummary, {}).catch((e: unknown) => e);
    rogue.unsubscribe();
    expect(invalid).toBeInstanceOf(InvalidReplyError);
    expect((invalid as Error).message).toMatch(
      /^invalid reply from streambot\.query\.analytics\.summary\.v1: since: /,
    );
    botMode = 'ok';
  });

  it('shows up in $SRV.PING, INFO and STATS with request and error counts', async () => {
    await new Promise((r) => setTimeout(r, 400)); // the slow request above is counted when it ends
    const found = await discoverServices(dashboard, { name: 'streambot', timeoutMs: 500 });
    expect(found).toHaveLength(1);
    const [s] = found;
    expect(s).toMatchObject({ name: 'streambot', id: service.id, version: '1.4.0' });
    expect(s?.pingMs).toBeGreaterThan(0);
    expect(s?.endpoints.map((e) => e.subject).sort()).toEqual(
      [queries.botStatus.subject, queries.factsLatest.subject].sort(),
    );
    const bot = s?.endpoints.find((e) => e.name === 'bot-status-v1');
    expect(bot?.queueGroup).toBe('q');
    // ok, slow (answered late), restarting, crash, no database, off-contract = 6 requests, 4 errors
    expect(bot).toMatchObject({ requests: 6, errors: 4 });
    expect(bot?.averageMs).toBeGreaterThan(0);
    expect(bot?.lastError).toMatch(/^500/);
    const everyone = await discoverServices(dashboard, { timeoutMs: 300 });
    expect(everyone.map((x) => x.name)).toEqual(['streambot']);
  });

  it('refuses to answer a query another service owns', async () => {
    await expect(
      startQueryService(streambot, {
        service: 'streambot',
        version: '1.0.0',
        handlers: { [queries.guildsList.subject]: async () => ({ guilds: [] }) },
      }),
    ).rejects.toThrow(/streambot cannot answer discord\.query\.guilds\.list\.v1: discord owns it/);
  });
});
