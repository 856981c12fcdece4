import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { openEventStream, type FeedEvent, type FeedFilter } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';
import { EventFilters } from './event-filters.tsx';

const KEEP = 200;

export function EventFeed(props: { onEvent?: (event: FeedEvent) => void }) {
  const [filter, setFilter] = createSignal<FeedFilter>({ service: '', type: '' });
  const [events, setEvents] = createSignal<FeedEvent[]>([]);
  const [connected, setConnected] = createSignal(false);

  // A new filter opens a new stream; the server replays what matches it.
  createEffect(() => {
    setEvents([]);
    const source = openEventStream(filter(), (event) => {
      setEvents((list) => [event, ...list.filter((e) => e.id !== event.id)].slice(0, KEEP));
      props.onEvent?.(event);
    });
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    onCleanup(() => source.close());
  });

  return (
    <section class="card">
      <div class="card-head">
        <h2>Live events</h2>
        <span class={connected() ? 'badge badge-ok' : 'badge badge-stale'}>
          {connected() ? 'live' : 'reconnecting'}
        </span>
      </div>
      <EventFilters filter={filter()} onChange={setFilter} />
      <Show when={events().length > 0} fallback={<p class="muted">No events yet.</p>}>
        <ul class="list events">
          <For each={events()}>
            {(event) => (
              <li>
                <div>
                  <span class="pill">{event.service}</span> <strong>{event.type}</strong>
                  <span class="muted"> v{event.version}</span>
                  <pre>{JSON.stringify(event.data)}</pre>
                </div>
                <span class="muted" title={event.occurredAt}>
                  #{event.seq} · {formatAgo(event.occurredAt)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
