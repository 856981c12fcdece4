import { describe, expect, it } from 'vitest';
import { events } from './contracts/registry.ts';
import { isEvent, makeEnvelope, parseEnvelope, type BusEvent } from './envelope.ts';
import { ContractValidationError } from './errors.ts';

const subject = events.factCreated.subject;
const fact = events.factCreated.example;
const bytes = (v: unknown) =>
  new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('makeEnvelope', () => {
  it('fills id, type, version, source, time and correlation from the contract', () => {
    const e = makeEnvelope(events.factCreated, fact);
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e).toMatchObject({
      type: 'fact.created',
      version: 1,
      source: 'streambot',
      correlationId: null,
      data: fact,
    });
    expect(new Date(e.occurredAt).toISOString()).toBe(e.occurredAt);
    const c = makeEnvelope(events.factCreated, fact, {
      id: '11111111-2222-4333-8444-555555555555',
      correlationId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      occurredAt: new Date('2026-01-02T03:04:05.000Z'),
    });
    expect(c).toMatchObject({
      id: '11111111-2222-4333-8444-555555555555',
      correlationId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      occurredAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('refuses data that breaks the schema with a typed error naming the field', () => {
    const bad = { ...fact, text: 'x'.repeat(501) };
    expect(() => makeEnvelope(events.factCreated, bad)).toThrow(ContractValidationError);
    try {
      makeEnvelope(events.factCreated, bad);
    } catch (err) {
      expect((err as Error).name).toBe('ContractValidationError');
      expect((err as ContractValidationError).subject).toBe(subject);
      expect((err as Error).message).toMatch(
        /^invalid event data for streambot\.evt\.fact\.created\.v1: text: /,
      );
      expect((err as Error).cause).toBeDefined();
    }
  });

  it('refuses a correlation id that is not a UUID', () => {
    expect(() => makeEnvelope(events.factCreated, fact, { correlationId: 'req-1' })).toThrow(
      /correlationId/,
    );
  });
});

describe('parseEnvelope', () => {
  it('returns the contract and the validated envelope of a good event', () => {
    const e = makeEnvelope(events.factCreated, fact);
    const r = parseEnvelope(subject, bytes(e));
    expect(r).toEqual({ ok: true, contract: events.factCreated, envelope: e });
  });

  it('names the reason for each kind of bad message', () => {
    const good = makeEnvelope(events.factCreated, fact);
    const cases: [string, Uint8Array, RegExp][] = [
      [
        'streambot.evt.fact.deleted.v1',
        bytes(good),
        /no contract is registered for subject streambot\.evt\.fact\.deleted\.v1/,
      ],
      [subject, bytes('{"id": '), /not UTF-8 JSON/],
      [subject, new Uint8Array([0xff, 0xfe, 0x7b]), /not UTF-8 JSON/],
      [subject, bytes({ ...good, id: 'nope' }), /envelope is malformed: id: /],
      [subject, bytes({ ...good, occurredAt: 'yesterday' }), /envelope is malformed: occurredAt: /],
      [
        subject,
        bytes(makeEnvelope(events.botStatusChanged, events.botStatusChanged.example)),
        /envelope says streambot bot\.status-changed v1 but subject/,
      ],
      [subject, bytes({ ...good, source: 'discord' }), /envelope says discord fact\.created/],
      [
        subject,
        bytes({ ...good, data: { ...fact, source: 'gpt' } }),
        /payload is invalid for fact\.created v1: source: /,
      ],
      [
        subject,
        bytes({ ...good, data: { ...fact, factId: undefined } }),
        /payload is invalid for fact\.created v1: factId: /,
      ],
    ];
    for (const [subj, payload, reason] of cases) {
      const r = parseEnvelope(subj, payload);
      expect(r.ok, reason.source).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(reason);
    }
  });

  it('narrows a received event to its contract with isEvent', () => {
    const r = parseEnvelope(subject, bytes(makeEnvelope(events.factCreated, fact)));
    if (!r.ok) throw new Error(r.reason);
    const received: BusEvent = { contract: r.contract, envelope: r.envelope };
    expect(isEvent(received, events.ticketOpened)).toBe(false);
    if (!isEvent(received, events.factCreated)) throw new Error('expected a fact');
    const text: string = received.envelope.data.text;
    expect(text).toBe(fact.text);
  });
});
