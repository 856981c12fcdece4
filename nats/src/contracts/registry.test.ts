import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineEvent, defineQuery } from './define.ts';
import {
  eventBySubject,
  eventContracts,
  events,
  queries,
  queryBySubject,
  queryContracts,
} from './registry.ts';
import { STREAMS } from './streams.ts';

const EVENT_SUBJECT =
  /^(streambot|discord|dashboard)\.evt\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9]\d*$/;
const QUERY_SUBJECT =
  /^(streambot|discord|dashboard)\.query\.[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*\.v[1-9]\d*$/;

describe('the contract registry', () => {
  it('holds every seed event and query the services code against', () => {
    expect(eventContracts.map((c) => c.subject).sort()).toEqual(
      [
        'streambot.evt.fact.created.v1',
        'streambot.evt.bot.status-changed.v1',
        'streambot.evt.command.run.v1',
        'streambot.evt.song.now-playing.v1',
        'streambot.evt.service.started.v1',
        'discord.evt.ticket.opened.v1',
        'discord.evt.ticket.claimed.v1',
        'discord.evt.ticket.closed.v1',
        'discord.evt.ticket.reopened.v1',
        'discord.evt.guild.joined.v1',
        'discord.evt.guild.left.v1',
        'discord.evt.member.verified.v1',
        'discord.evt.role.assigned.v1',
        'discord.evt.moderation.action-taken.v1',
        'discord.evt.service.started.v1',
        'dashboard.evt.container.state-changed.v1',
        'dashboard.evt.container.action-taken.v1',
        'dashboard.evt.deployment.started.v1',
        'dashboard.evt.deployment.finished.v1',
        'dashboard.evt.deployment.failed.v1',
        'dashboard.evt.health.changed.v1',
        'dashboard.evt.service.started.v1',
      ].sort(),
    );
    expect(queryContracts.map((c) => c.subject).sort()).toEqual(
      [
        'streambot.query.facts.latest.v1',
        'streambot.query.facts.random.v1',
        'streambot.query.facts.page.v1',
        'streambot.query.bot.status.v1',
        'streambot.query.analytics.summary.v1',
        'discord.query.tickets.open-summary.v1',
        'discord.query.tickets.list.v1',
        'discord.query.guilds.list.v1',
        'discord.query.moderation.recent.v1',
        'dashboard.query.health.summary.v1',
      ].sort(),
    );
  });

  it('derives every subject from owner, names and version', () => {
    for (const c of eventContracts) {
      expect(c.subject).toMatch(EVENT_SUBJECT);
      expect(c.subject).toBe(`${c.owner}.evt.${c.aggregate}.${c.event}.v${c.version}`);
      expect(c.type).toBe(`${c.aggregate}.${c.event}`);
      // The owner's events stream must capture it.
      expect(c.subject.startsWith(STREAMS[c.owner].eventSubjects.slice(0, -1))).toBe(true);
    }
    for (const c of queryContracts) {
      expect(c.subject).toMatch(QUERY_SUBJECT);
      expect(c.subject).toBe(`${c.owner}.query.${c.name}.v${c.version}`);
      expect(c.endpoint).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    expect(events.factCreated.subject).toBe('streambot.evt.fact.created.v1');
    expect(queries.ticketsOpenSummary.endpoint).toBe('tickets-open-summary-v1');
  });

  it('has no duplicate subjects and no duplicate endpoint names per owner', () => {
    const subjects = [...eventContracts, ...queryContracts].map((c) => c.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    const endpoints = queryContracts.map((c) => `${c.owner}/${c.endpoint}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
  });

  it("accepts every contract's own example", () => {
    for (const c of eventContracts) {
      const r = c.schema.safeParse(c.example);
      expect(r.success, `${c.subject}: ${r.error?.message}`).toBe(true);
    }
    for (const c of queryContracts) {
      expect(c.request.safeParse(c.example.request).success, `${c.subject} request`).toBe(true);
      expect(c.response.safeParse(c.example.response).success, `${c.subject} response`).toBe(true);
    }
  });

  it('bounds every string and every array in every schema', () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      const boundedPattern = typeof n.pattern === 'string' && /(\}|\))\$$/.test(n.pattern);
      if (
        n.type === 'string' &&
        !('maxLength' in n || 'enum' in n || 'const' in n || boundedPattern)
      ) {
        unbounded.push(path);
      }
      if (n.type === 'array' && !('maxItems' in n)) unbounded.push(path);
      for (const [k, v] of Object.entries(n)) walk(v, `${path}.${k}`);
    };
    for (const c of eventContracts) walk(z.toJSONSchema(c.schema), c.subject);
    for (const c of queryContracts) {
      walk(z.toJSONSchema(c.request), `${c.subject} request`);
      walk(z.toJSONSchema(c.response), `${c.subject} response`);
    }
    expect(unbounded).toEqual([]);
  });

  it('finds contracts by subject and nothing for unknown subjects', () => {
    expect(eventBySubject('discord.evt.ticket.opened.v1')).toBe(events.ticketOpened);
    expect(eventBySubject('discord.evt.ticket.opened.v2')).toBeUndefined();
    expect(queryBySubject('dashboard.query.health.summary.v1')).toBe(queries.healthSummary);
    expect(queryBySubject('streambot.evt.fact.created.v1')).toBeUndefined();
  });

  it('rejects names that would break the subject scheme', () => {
    const base = {
      owner: 'streambot',
      description: 'x',
      schema: z.object({}),
      example: {},
    } as const;
    expect(() => defineEvent({ ...base, aggregate: 'Fact', event: 'created', version: 1 })).toThrow(
      /kebab/,
    );
    expect(() =>
      defineEvent({ ...base, aggregate: 'fact.item', event: 'created', version: 1 }),
    ).toThrow(/one token/);
    expect(() =>
      defineEvent({ ...base, aggregate: 'fact', event: 'created>', version: 1 }),
    ).toThrow(/kebab/);
    expect(() => defineEvent({ ...base, aggregate: 'fact', event: 'created', version: 0 })).toThrow(
      /positive/,
    );
    const q = {
      owner: 'discord',
      description: 'x',
      request: z.object({}),
      response: z.object({}),
    } as const;
    expect(() =>
      defineQuery({ ...q, name: 'tickets.*', version: 1, example: { request: {}, response: {} } }),
    ).toThrow(/kebab/);
  });
});
