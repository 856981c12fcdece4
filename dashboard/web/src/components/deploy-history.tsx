import { For, Show } from 'solid-js';
import { STATUS_TEXT, statusBadge, type Deployment } from '../lib/deploy-api.ts';
import { formatAgo, formatDuration } from '../lib/format.ts';

/** Past and running deployments, newest first; a row opens its steps. */
export function DeployHistory(props: {
  deployments: Deployment[];
  selected: string | undefined;
  onSelect: (d: Deployment) => void;
}) {
  const took = (d: Deployment) =>
    d.startedAt && d.finishedAt
      ? formatDuration((Date.parse(d.finishedAt) - Date.parse(d.startedAt)) / 1000)
      : '';
  return (
    <Show when={props.deployments.length > 0} fallback={<p class="muted">No deployments yet.</p>}>
      <div class="table-wrap">
        <table class="table" aria-label="Deployment history">
          <thead>
            <tr>
              <th>When</th>
              <th>Target</th>
              <th>Image</th>
              <th>Outcome</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            <For each={props.deployments}>
              {(d) => (
                <tr aria-current={props.selected === d.id ? 'true' : undefined}>
                  <td class="small">{formatAgo(d.createdAt)}</td>
                  <td>
                    {d.target} <span class="muted small">({d.host})</span>
                  </td>
                  <td class="small">
                    {d.image}
                    <Show when={d.previousImage && d.previousImage !== d.image}>
                      <span class="muted"> (was {d.previousImage})</span>
                    </Show>
                  </td>
                  <td>
                    <span class={statusBadge(d.status)}>{STATUS_TEXT[d.status]}</span>{' '}
                    <span class="muted small">{took(d)}</span>
                    <Show when={d.error}>
                      <div class="error small">{d.error}</div>
                    </Show>
                  </td>
                  <td class="small">{d.requestedBy}</td>
                  <td>
                    <button type="button" onClick={() => props.onSelect(d)}>
                      Steps
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
