import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { createReadModel } from './read-model.ts';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A set of names the owner holds; events add (+name) or remove (-name) one. */
type Names = string[];
type Change = { add: string } | { remove: string } | { unknown: true };

function apply(state: Names, change: Change): Names | undefined {
  if ('unknown' in change) return undefined;
  if ('add' in change) return state.includes(change.add) ? state : [...state, change.add];
  return state.filter((n) => n !== change.remove);
}

/** A stand-in owner: answers with its names, can be held mid-answer or taken down. */
function owner() {
  const o = {
    names: [] as Names,
    down: false,
    asked: 0,
    held: undefined as (() => void) | undefined,
    hold: false,
    fetch: async (): Promise<Names> => {
      o.asked += 1;
      const answer = [...o.names];
      if (o.hold) await new Promise<void>((resolve) => (o.held = resolve));
      if (o.down) throw new Error('no service answers owner.query.names.v1');
      return answer;
    },
  };
  return o;
}

function model(o: ReturnType<typeof owner>, clock: { t: number }, extra = {}) {
  return createReadModel<Names, Change>({
    owner: 'name-bot',
    what: 'names',
    fetch: o.fetch,
    apply,
    now: () => clock.t,
    ...extra,
  });
}

describe('a read model of another service', () => {
  it('refuses with an unavailable error naming the owner while nothing was ever seen', async () => {
    const o = owner();
    o.down = true;
    const m = model(o, { t: T0 });
    m.onEvent({ add: 'ada' }, iso(T0));
    const err = await m.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'unavailable' });
    expect((err as Error).message).toBe(
      'no names seen yet: name-bot has not answered (no service answers owner.query.names.v1)',
    );
  });

  it('serves what the owner answered and follows newer events without asking', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.names = ['ada'];
    const m = model(o, clock);
    await m.refresh();
    clock.t += 3_000;
    m.onEvent({ add: 'bob' }, iso(clock.t - 1_000));
    expect(await m.read()).toEqual({
      data: ['ada', 'bob'],
      stale: false,
      ageSeconds: 1,
      confirmedAt: iso(T0 + 2_000),
      problem: null,
    });
    expect(o.asked).toBe(1);
  });

  it('does not let replayed events older than the answer roll it back', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.names = ['ada'];
    const m = model(o, clock);
    await m.refresh();
    // ada was added, removed and added again before the answer: a replay of the first two.
    m.onEvent({ add: 'bob' }, iso(T0 - 60_000));
    m.onEvent({ remove: 'ada' }, iso(T0 - 50_000));
    expect((await m.read()).data).toEqual(['ada']);
    expect(o.asked).toBe(1);
  });

  it('keeps an event that arrives while a question is in flight when the older answer lands', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.names = ['ada'];
    const m = model(o, clock);
    await m.refresh();
    o.hold = true;
    clock.t += 60_000;
    const asking = m.refresh();
    // The owner read its names before this change; the event reaches us before its answer.
    clock.t += 100;
    m.onEvent({ add: 'bob' }, iso(clock.t));
    expect((await m.read()).data).toEqual(['ada', 'bob']);
    o.held?.();
    await asking;
    expect((await m.read()).data).toEqual(['ada', 'bob']);
    expect(o.asked).toBe(2);
  });

  it('asks again when an event may have just missed the answer it is older than', async () => {
    const clock = { t: T0 };
    const o = owner();
    const m = model(o, clock, { minRetryMs: 1_000 });
    await m.refresh();
    // Stamped before the question, published after it: only the owner knows if it is in the answer.
    o.names = ['late'];
    clock.t += 1_500;
    m.onEvent({ add: 'late' }, iso(T0 - 200));
    expect(o.asked).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await m.read()).data).toEqual(['late']);
  });

  it('asks again when the copy cannot follow an event, but no more often than allowed', async () => {
    const clock = { t: T0 };
    const o = owner();
    const m = model(o, clock, { minRetryMs: 5_000 });
    await m.refresh();
    clock.t += 1_000;
    m.onEvent({ unknown: true }, iso(clock.t));
    m.onEvent({ unknown: true }, iso(clock.t));
    expect(await m.read()).toMatchObject({ stale: false });
    expect(o.asked).toBe(1);
    clock.t += 4_000;
    o.names = ['carol'];
    expect((await m.read()).data).toEqual(['carol']);
    expect(o.asked).toBe(2);
  });

  it('serves the last answer marked stale with its age while the owner is down', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.names = ['ada'];
    const m = model(o, clock, { maxAgeMs: 10_000 });
    await m.refresh();
    o.down = true;
    clock.t += 45_000;
    expect(await m.read()).toEqual({
      data: ['ada'],
      stale: true,
      ageSeconds: 45,
      confirmedAt: iso(T0),
      problem: 'no service answers owner.query.names.v1',
    });
    o.down = false;
    clock.t += 2_000;
    expect(await m.read()).toMatchObject({ stale: false, ageSeconds: 0, problem: null });
  });

  it('sends one question for many readers and re-asks once the copy passes its maximum age', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.hold = true;
    const m = model(o, clock, { maxAgeMs: 30_000 });
    const readers = Promise.all([m.read(), m.read(), m.read()]);
    o.held?.();
    expect((await readers).map((v) => v.data)).toEqual([[], [], []]);
    o.hold = false;
    clock.t += 29_000;
    await m.read();
    expect(o.asked).toBe(1);
    clock.t += 2_000;
    await m.read();
    expect(o.asked).toBe(2);
  });

  it('shows events before any answer when it has an empty state to start from', async () => {
    const clock = { t: T0 };
    const o = owner();
    o.down = true;
    const m = model(o, clock, { empty: [] });
    await m.refresh();
    m.onEvent({ add: 'ada' }, iso(T0 - 30_000));
    expect(await m.read()).toMatchObject({ data: ['ada'], stale: true, ageSeconds: 30 });
  });
});
