// Latency statistics and the table the benchmarks print.
export interface Figures {
  name: string;
  p50Ms?: number;
  p99Ms?: number;
  perSecond?: number;
  /** Resident memory of the measured process (VmRSS), in MiB. */
  rssMiB?: number;
  /** The row this one is compared with (its name). */
  baseline?: string;
  note?: string;
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

/** Runs fn n times one after another; returns p50/p99 and requests per second. */
export async function sequential(
  n: number,
  fn: () => Promise<unknown>,
): Promise<{ p50Ms: number; p99Ms: number; perSecond: number }> {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    perSecond: (n / total) * 1000,
  };
}

/** Runs fn n times with `inFlight` calls outstanding; returns calls per second. */
export async function concurrent(
  n: number,
  inFlight: number,
  fn: () => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < n) {
      next++;
      await fn();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (n / (performance.now() - started)) * 1000;
}

const fmt = (v: number | undefined, digits: number) =>
  v === undefined || Number.isNaN(v) ? '' : v.toFixed(digits);

/** "p50 ×0.55", "rate ×1.91", "RSS ×2.10" — whichever both rows have. */
function ratio(r: Figures, base: Figures): string {
  const parts: string[] = [];
  if (r.p50Ms !== undefined && base.p50Ms !== undefined)
    parts.push(`p50 ×${(r.p50Ms / base.p50Ms).toFixed(2)}`);
  else if (r.perSecond !== undefined && base.perSecond !== undefined)
    parts.push(`rate ×${(r.perSecond / base.perSecond).toFixed(2)}`);
  if (r.rssMiB !== undefined && base.rssMiB !== undefined)
    parts.push(`RSS ×${(r.rssMiB / base.rssMiB).toFixed(2)}`);
  return parts.length ? `${parts.join(', ')} vs ${base.name}` : `vs ${base.name}`;
}

export function table(rows: Figures[]): string {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const lines = [
    '| measurement | p50 (ms) | p99 (ms) | per second | RSS (MiB) | ratio to baseline | note |',
    '|---|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const base = r.baseline ? byName.get(r.baseline) : undefined;
    lines.push(
      `| ${r.name} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p99Ms, 3)} | ${fmt(r.perSecond, 0)} | ${fmt(r.rssMiB, 1)} | ${base ? ratio(r, base) : ''} | ${r.note ?? ''} |`,
    );
  }
  return lines.join('\n');
}
