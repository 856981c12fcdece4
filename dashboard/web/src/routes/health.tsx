import { Show } from 'solid-js';
import { HealthServices } from '../components/health-services.tsx';
import { HealthTargets } from '../components/health-targets.tsx';
import { HistoryCharts } from '../components/history-charts.tsx';
import { HostFiguresView } from '../components/host-figures.tsx';
import { LoadError } from '../components/load-error.tsx';
import { NatsStreams } from '../components/nats-streams.tsx';
import { levelOf, StatusDot } from '../components/status-dot.tsx';
import { fetchHealth } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';
import { createPolled } from '../lib/poll.ts';

/** /health: what the probe saw last, the bus in detail, and the history. */
export function HealthPage() {
  const health = createPolled(fetchHealth, 10_000);
  return (
    <>
      <div class="page-head">
        <h1>Health</h1>
        <Show when={health.value()}>
          {(h) => (
            <span>
              <StatusDot level={levelOf(h().status)} label={h().status} />{' '}
              <span class="muted small">checked {formatAgo(h().checkedAt)}</span>
            </span>
          )}
        </Show>
      </div>
      <LoadError error={health.error()} retry={() => void health.refetch()} />
      <Show when={health.value()}>
        {(h) => (
          <>
            <div class="grid-2">
              <section class="card">
                <h2>Targets</h2>
                <HealthTargets targets={h().targets} />
              </section>
              <section class="card">
                <h2>Host</h2>
                <Show when={h().host} fallback={<p class="muted">Not measured yet.</p>}>
                  {(host) => <HostFiguresView host={host()} />}
                </Show>
              </section>
            </div>
            <section class="card">
              <h2>Services</h2>
              <HealthServices services={h().services} />
            </section>
            <section class="card">
              <h2>NATS</h2>
              <NatsStreams nats={h().nats} />
            </section>
          </>
        )}
      </Show>
      <HistoryCharts />
    </>
  );
}
