import { For } from 'solid-js';
import type { HealthTarget } from '../lib/api.ts';
import { formatAgo, formatMs } from '../lib/format.ts';
import { levelOf, StatusDot } from './status-dot.tsx';

/** What the probe checks (services, host, NATS) and how each answered. */
export function HealthTargets(props: { targets: HealthTarget[] }) {
  return (
    <div class="table-wrap">
      <table class="table" aria-label="Health targets">
        <thead>
          <tr>
            <th scope="col">Target</th>
            <th scope="col">Status</th>
            <th scope="col">Since</th>
            <th scope="col">Latency</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.targets}>
            {(t) => (
              <tr>
                <td>
                  <code>{t.target}</code>
                </td>
                <td>
                  <StatusDot level={levelOf(t.status)} label={t.status} />
                </td>
                <td class="muted">{t.since ? formatAgo(t.since) : '—'}</td>
                <td>{formatMs(t.latencyMs)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
