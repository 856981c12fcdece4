import { createSignal, For, Show } from 'solid-js';
import { fetchHistory, type HistoryPoint } from '../lib/api.ts';
import { formatMs, formatPercent } from '../lib/format.ts';
import { createPolled } from '../lib/poll.ts';
import { LoadError } from './load-error.tsx';
import { Sparkline } from './sparkline.tsx';

const SERVICES = ['service:streambot', 'service:discord', 'service:dashboard'];
const RANGES = [
  { hours: 1, label: '1 h' },
  { hours: 24, label: '24 h' },
  { hours: 168, label: '7 d' },
];

const num = (p: HistoryPoint, key: string): number | undefined => {
  const v = p.details?.[key];
  return typeof v === 'number' ? v : undefined;
};
const series = (points: HistoryPoint[], pick: (p: HistoryPoint) => number | null | undefined) =>
  points.map(pick).filter((v): v is number => typeof v === 'number');

/** The probe's history as charts: host CPU and memory, each service's latency. */
export function HistoryCharts() {
  const [hours, setHours] = createSignal(24);
  const host = createPolled(() => fetchHistory('host', hours()), 60_000);
  const services = SERVICES.map((target) => ({
    target,
    history: createPolled(() => fetchHistory(target, hours()), 60_000),
  }));
  const choose = (h: number) => {
    setHours(h);
    void host.refetch();
    for (const s of services) void s.history.refetch();
  };

  return (
    <section class="card" data-testid="history">
      <div class="card-head">
        <h2>History</h2>
        <div class="segmented" role="group" aria-label="Time range">
          <For each={RANGES}>
            {(r) => (
              <button
                type="button"
                aria-pressed={hours() === r.hours}
                onClick={() => choose(r.hours)}
              >
                {r.label}
              </button>
            )}
          </For>
        </div>
      </div>
      <div class="charts">
        <Show when={host.value()}>
          {(h) => (
            <>
              <Sparkline
                label="Host CPU"
                values={series(h().points, (p) => num(p, 'cpuPercent'))}
                max={100}
                format={formatPercent}
                height={60}
              />
              <Sparkline
                label="Host memory"
                values={series(h().points, (p) => num(p, 'memoryPercent'))}
                max={100}
                format={formatPercent}
                height={60}
              />
            </>
          )}
        </Show>
        <For each={services}>
          {(s) => (
            <Show when={s.history.value()}>
              {(h) => (
                <Sparkline
                  label={`${s.target.slice('service:'.length)} latency`}
                  values={series(h().points, (p) => p.latencyMs)}
                  format={formatMs}
                  height={60}
                />
              )}
            </Show>
          )}
        </For>
      </div>
      <LoadError error={host.error()} />
    </section>
  );
}
