import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { createLatestFact, type FactSnapshot } from './latest-fact.ts';

const T0 = Date.parse('2026-11-27T10:00:00.000Z');

function fact(text: string, createdAt: string): FactSnapshot {
  return { factId: crypto.randomUUID(), text, source: 'manual', model: null, createdAt };
}

/** A stand-in for stream-bot's answer that a test can switch between up and down. */
function streamBot() {
  const state = { answer: null as FactSnapshot | null, down: false, asked: 0 };
  const fetchLatest = async () => {
    state.asked += 1;
    if (state.down) throw new Error('no service answers streambot.query.facts.latest.v1');
    return state.answer;
  };
  return { state, fetchLatest };
}

describe('the latest-fact read model', () => {
  it('refuses with a clear unavailable error when nothing was ever seen', async () => {
    const bot = streamBot();
    bot.state.down = true;
    const model = createLatestFact({ fetchLatest: bot.fetchLatest, now: () => T0 });
    const err = await model.read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('unavailable');
    expect((err as DomainError).message).toMatch(/no fact seen yet.*no service answers/);
  });

  it('reports "no fact" truthfully when stream-bot answers with none', async () => {
    const bot = streamBot();
    const model = createLatestFact({ fetchLatest: bot.fetchLatest, now: () => T0 });
    expect(await model.read()).toMatchObject({ fact: null, stale: false, ageSeconds: 0 });
  });

  it('keeps serving the last answer, marked stale with its age, while stream-bot is down', async () => {
    let t = T0;
    const bot = streamBot();
    bot.state.answer = fact('Octopuses have three hearts.', '2026-11-27T09:59:00.000Z');
    const model = createLatestFact({
      fetchLatest: bot.fetchLatest,
      now: () => t,
      maxAgeMs: 10_000,
    });
    await model.refresh();
    bot.state.down = true;
    t += 45_000;
    const view = await model.read();
    expect(view).toMatchObject({
      stale: true,
      ageSeconds: 45,
      fact: { text: 'Octopuses have three hearts.' },
    });
    expect(view.problem).toMatch(/no service answers/);
  });

  it('clears the stale mark once stream-bot answers again', async () => {
    let t = T0;
    const bot = streamBot();
    const model = createLatestFact({
      fetchLatest: bot.fetchLatest,
      now: () => t,
      minRetryMs: 1_000,
    });
    await model.refresh();
    bot.state.down = true;
    await model.refresh();
    expect((await model.read()).stale).toBe(true);
    bot.state.down = false;
    t += 2_000;
    expect(await model.read()).toMatchObject({ stale: false, problem: null });
  });

  it('takes a newer fact from an event without asking stream-bot', async () => {
    const bot = streamBot();
    const model = createLatestFact({ fetchLatest: bot.fetchLatest, now: () => T0 });
    await model.refresh();
    const asked = bot.state.asked;
    model.onFactCreated(fact('Hello!', '2026-11-27T10:00:00.000Z'), '2026-11-27T10:00:00.000Z');
    expect(await model.read()).toMatchObject({ fact: { text: 'Hello!' }, stale: false });
    expect(bot.state.asked).toBe(asked);
  });

  it('does not let a replayed older event replace a newer answer', async () => {
    const bot = streamBot();
    bot.state.answer = fact('newer', '2026-11-27T09:59:00.000Z');
    const model = createLatestFact({ fetchLatest: bot.fetchLatest, now: () => T0 });
    await model.refresh();
    model.onFactCreated(fact('older', '2026-11-27T08:00:00.000Z'), '2026-11-27T08:00:00.000Z');
    expect((await model.read()).fact?.text).toBe('newer');
  });

  it('does not ask more than once at a time or more often than allowed', async () => {
    const bot = streamBot();
    bot.state.down = true;
    const model = createLatestFact({ fetchLatest: bot.fetchLatest, now: () => T0 });
    await Promise.all(
      [model.read(), model.read(), model.read()].map((p) => p.catch(() => undefined)),
    );
    await model.read().catch(() => undefined);
    expect(bot.state.asked).toBe(1);
  });
});
