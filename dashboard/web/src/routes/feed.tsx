import { createSignal } from 'solid-js';
import { EventFilters } from '../components/event-filters.tsx';
import { EventList } from '../components/event-list.tsx';
import { eventStreamUrl, type FeedEvent, type FeedFilter } from '../lib/api.ts';
import { searchParam } from '../lib/route.ts';
import { createEventStream } from '../lib/sse.ts';

const KEEP = 300;

/**
 * /feed: every event the dashboard sees, as it happens. A new filter opens a
 * new stream (the server replays what matches); a dropped connection resumes
 * where it stopped, EventSource sending the last id by itself.
 */
export function FeedPage() {
  const [filter, setFilter] = createSignal<FeedFilter>({
    service: searchParam('service') ?? '',
    type: searchParam('type') ?? '',
  });
  const [events, setEvents] = createSignal<FeedEvent[]>([]);
  const { state } = createEventStream<FeedEvent>(
    () => {
      setEvents([]);
      return eventStreamUrl(filter());
    },
    (event) =>
      setEvents((list) => [event, ...list.filter((e) => e.id !== event.id)].slice(0, KEEP)),
  );

  return (
    <section class="card" data-testid="feed">
      <div class="card-head">
        <h1>Live feed</h1>
        <span class={state() === 'live' ? 'badge badge-ok' : 'badge badge-stale'} role="status">
          {state() === 'live' ? 'live' : state() === 'closed' ? 'disconnected' : 'reconnecting…'}
        </span>
      </div>
      <EventFilters filter={filter()} onChange={setFilter} />
      <p class="muted small">{events().length} events shown (newest first)</p>
      <EventList events={events()} />
    </section>
  );
}
