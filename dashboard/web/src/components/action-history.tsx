import { For, Show } from 'solid-js';
import type { ContainerActionRecord } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

/** Who did what to which container, newest first, and whether it worked. */
export function ActionHistory(props: { actions: ContainerActionRecord[] }) {
  return (
    <Show when={props.actions.length > 0} fallback={<p class="muted">No actions taken yet.</p>}>
      <ol class="list">
        <For each={props.actions}>
          {(a) => (
            <li>
              <span>
                <strong>{a.action}</strong> {a.name}{' '}
                <span class={a.outcome === 'succeeded' ? 'badge badge-ok' : 'badge badge-bad'}>
                  {a.outcome}
                </span>
                <Show when={a.error}>
                  <span class="error small"> {a.error}</span>
                </Show>
              </span>
              <span class="muted small">
                {a.requestedBy} · {a.host} · {formatAgo(a.createdAt)}
              </span>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
