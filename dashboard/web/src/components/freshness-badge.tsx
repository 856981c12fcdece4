import { Show } from 'solid-js';
import type { Freshness } from '../lib/api.ts';
import { formatDuration } from '../lib/format.ts';

/**
 * How fresh another service's data is: "stale · 2 min old" (with the reason
 * on hover and for screen readers) when its owner stopped answering.
 */
export function FreshnessBadge(props: { view: Freshness }) {
  return (
    <Show
      when={props.view.stale}
      fallback={
        <span class="badge badge-ok" title={`confirmed ${props.view.confirmedAt}`}>
          fresh
        </span>
      }
    >
      <span class="badge badge-stale" title={props.view.problem ?? undefined} data-testid="stale">
        stale · {formatDuration(props.view.ageSeconds)} old
        <Show when={props.view.problem}>
          <span class="sr-only">: {props.view.problem}</span>
        </Show>
      </span>
    </Show>
  );
}
