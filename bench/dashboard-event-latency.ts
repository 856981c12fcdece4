// From a fact committed in stream-bot to a dashboard browser seeing it: the
// fact is made with POST /api/facts on stream-bot (its row and its fact.created
// outbox row in one transaction), the relay publishes it to JetStream, the
// dashboard's ordered consumer feeds its live feed, and an SSE client of
// /api/events/stream?service=streambot&type=fact.created receives it. Timed
// from the fact's createdAt (set in that transaction) and from sending the
// POST; the POST's own round trip is the baseline. Paced, one fact every
// GAP_MS, so the figure is the path, not a queue.
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { startDashboardStack } from './dashboard-stack.ts';
import { percentile, type Figures } from './lib/stats.ts';

const GAP_MS = 50;

/** Wall-clock milliseconds with sub-millisecond resolution. */
const wallNow = () => performance.timeOrigin + performance.now();

/** Reads an SSE response; calls onFact(factId, arrival) for every fact.created message. */
function followFacts(res: Response, onFact: (factId: string, at: number) => void) {
  if (!res.body) throw new Error('the event stream has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const done = (async () => {
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      const at = wallNow();
      buffer += chunk.value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop()!;
      for (const block of blocks) {
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trimStart())
          .join('\n');
        if (!data || block.includes('event: ')) continue;
        const event = JSON.parse(data) as { type: string; data: { factId: string } };
        if (event.type === 'fact.created') onFact(event.data.factId, at);
      }
    }
  })();
  return { close: async () => (await reader.cancel(), await done) };
}

export async function benchDashboardEventLatency(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  n = 300,
): Promise<Figures[]> {
  const stack = await startDashboardStack(nats, pgAdminUrl);
  const arrived = new Map<string, number>();
  const waiting = new Map<string, (at: number) => void>();
  const res = await fetch(
    `${stack.dashboard.url}/api/events/stream?service=streambot&type=fact.created&replay=0`,
    { headers: { cookie: stack.dashboardCookie, accept: 'text/event-stream' } },
  );
  if (res.status !== 200) throw new Error(`event stream: HTTP ${res.status}`);
  const sse = followFacts(res, (factId, at) => {
    const wake = waiting.get(factId);
    if (wake) wake(at);
    else arrived.set(factId, at);
  });
  const arrival = (factId: string) =>
    arrived.get(factId) ??
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fact ${factId} not seen within 5 s`)),
        5_000,
      );
      waiting.set(factId, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  try {
    const fromCommit: number[] = [];
    const fromPost: number[] = [];
    const post: number[] = [];
    const warm = 50;
    for (let i = 0; i < warm + n; i++) {
      const next = performance.now() + GAP_MS;
      const sent = wallNow();
      const fact = await stack.createFact();
      const answered = wallNow();
      const at = await arrival(fact.id);
      if (i >= warm) {
        fromCommit.push(at - Date.parse(fact.createdAt));
        fromPost.push(at - sent);
        post.push(answered - sent);
      }
      const wait = next - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const figures = (times: number[]) => {
      times.sort((a, b) => a - b);
      return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
    };
    const base = `stream-bot POST /api/facts round trip (${n}, one every ${GAP_MS} ms)`;
    return [
      { name: base, ...figures(post), note: 'the commit itself, for scale' },
      {
        name: 'fact createdAt → dashboard SSE client receives fact.created',
        ...figures(fromCommit),
        baseline: base,
        note: 'outbox relay → JetStream → ordered consumer → feed → SSE (createdAt: ms resolution)',
      },
      {
        name: 'POST /api/facts sent → dashboard SSE client receives fact.created',
        ...figures(fromPost),
        baseline: base,
      },
    ];
  } finally {
    await sse.close();
    await stack.stop();
  }
}
