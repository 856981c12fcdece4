import { For, Show } from 'solid-js';
import type { FeedEvent } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

/** Feed events, newest first, each with its payload. */
export function EventList(props: { events: FeedEvent[]; compact?: boolean }) {
  return (
    <Show when={props.events.length > 0} fallback={<p class="muted">No events yet.</p>}>
      <ol class="list events" aria-label="Events" aria-live="polite">
        <For each={props.events}>
          {(event) => (
            <li data-type={event.type}>
              <div class="event-main">
                <span class="pill">{event.service}</span> <strong>{event.type}</strong>
                <span class="muted small"> v{event.version}</span>
                <Show when={!props.compact}>
                  <pre>{JSON.stringify(event.data)}</pre>
                </Show>
              </div>
              <span class="muted small" title={event.occurredAt}>
                #{event.seq} · {formatAgo(event.occurredAt)}
              </span>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
