import { createSignal, Show } from 'solid-js';
import { statsStreamUrl, type Container, type ContainerStats } from '../lib/api.ts';
import { formatBytes, formatPercent } from '../lib/format.ts';
import { createEventStream } from '../lib/sse.ts';
import { Sparkline } from './sparkline.tsx';

const KEEP = 60;

/** A container's live figures (streamed), with the last minute or so as sparklines. */
export function ContainerStatsView(props: { container: Container }) {
  const [samples, setSamples] = createSignal<ContainerStats[]>([]);
  const { state, problem } = createEventStream<ContainerStats>(
    () => {
      setSamples([]);
      return statsStreamUrl(props.container);
    },
    (s) => setSamples((list) => [...list, s].slice(-KEEP)),
  );
  // Network figures are totals; the chart shows bytes per second between samples.
  const rate = (pick: (s: ContainerStats) => number) =>
    samples()
      .slice(1)
      .map((s, i) => {
        const prev = samples()[i];
        const seconds = prev ? (Date.parse(s.at) - Date.parse(prev.at)) / 1000 : 0;
        return prev && seconds > 0 ? Math.max(0, (pick(s) - pick(prev)) / seconds) : 0;
      });
  const rateText = (v: number) => `${formatBytes(v)}/s`;

  return (
    <section aria-label="Live stats" data-testid="container-stats">
      <h3>
        Live stats <span class="muted small">({state() === 'live' ? 'live' : state()})</span>
      </h3>
      <Show
        when={samples().length > 0}
        fallback={
          <p class="muted">
            {problem() ??
              (state() === 'closed' ? 'The engine sent no figures.' : 'Waiting for figures…')}
          </p>
        }
      >
        <div class="charts">
          <Sparkline
            label="CPU"
            values={samples().map((s) => s.cpuPercent)}
            format={formatPercent}
          />
          <Sparkline
            label="Memory"
            values={samples().map((s) => s.memoryBytes)}
            max={samples().at(-1)?.memoryLimitBytes}
            format={formatBytes}
          />
          <Sparkline label="Network in" values={rate((s) => s.rxBytes)} format={rateText} />
          <Sparkline label="Network out" values={rate((s) => s.txBytes)} format={rateText} />
        </div>
        <p class="muted small">
          {samples().at(-1)?.pids} processes · block read{' '}
          {formatBytes(samples().at(-1)?.blockReadBytes ?? 0)} · write{' '}
          {formatBytes(samples().at(-1)?.blockWriteBytes ?? 0)}
        </p>
      </Show>
    </section>
  );
}
