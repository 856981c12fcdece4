import { createSignal, Show } from 'solid-js';
import { DiscordCard } from '../components/discord-card.tsx';
import { EventList } from '../components/event-list.tsx';
import { HostFiguresView } from '../components/host-figures.tsx';
import { LatestFactCard } from '../components/latest-fact.tsx';
import { LoadError } from '../components/load-error.tsx';
import { ServiceTiles } from '../components/service-tiles.tsx';
import { StatusDot, levelOf } from '../components/status-dot.tsx';
import { StreambotCard } from '../components/streambot-card.tsx';
import { TicketsSummary } from '../components/tickets-summary.tsx';
import { ViewCard } from '../components/view-card.tsx';
import * as api from '../lib/api.ts';
import { createPolled } from '../lib/poll.ts';
import { createEventStream } from '../lib/sse.ts';

const REFRESH_MS = 15_000;
const KEEP = 8;

/** The first page: every service at a glance, kept current by the live feed. */
export function OverviewPage() {
  const health = createPolled(api.fetchHealth, REFRESH_MS);
  const fact = createPolled(api.fetchLatestFact, 60_000);
  const streambot = createPolled(api.fetchStreambotStatus, REFRESH_MS);
  const activity = createPolled(api.fetchChatActivity, 60_000);
  const tickets = createPolled(api.fetchTickets, REFRESH_MS);
  const guilds = createPolled(api.fetchGuilds, 60_000);
  const moderation = createPolled(api.fetchModeration, 60_000);

  const [liveFact, setLiveFact] = createSignal<api.Fact>();
  const [recent, setRecent] = createSignal<api.FeedEvent[]>([]);
  const [lastEvent, setLastEvent] = createSignal<Record<string, api.FeedEvent | undefined>>({});

  const feed = createEventStream<api.FeedEvent>(
    () => api.eventStreamUrl({ service: '', type: '' }),
    (event) => {
      setRecent((list) => [event, ...list.filter((e) => e.id !== event.id)].slice(0, KEEP));
      setLastEvent((seen) => {
        const before = seen[event.service];
        return before && before.occurredAt > event.occurredAt
          ? seen
          : { ...seen, [event.service]: event };
      });
      react(event);
    },
  );

  // What each event means for the cards: show a new fact at once, ask again for the rest.
  function react(event: api.FeedEvent) {
    if (event.service === 'streambot' && event.type === 'fact.created') {
      const data = event.data as { factId: string; text: string; source: string; model?: string };
      setLiveFact({ ...data, model: data.model ?? null, createdAt: event.occurredAt });
      fact.refetchSoon();
    } else if (event.service === 'streambot' && event.type.startsWith('bot.')) {
      streambot.refetchSoon();
    } else if (event.service === 'discord' && event.type.startsWith('ticket.')) {
      tickets.refetchSoon();
    } else if (event.service === 'discord' && event.type.startsWith('guild.')) {
      guilds.refetchSoon();
    } else if (event.service === 'discord' && event.type.startsWith('moderation.')) {
      moderation.refetchSoon();
    } else if (event.service === 'dashboard' && event.type.startsWith('health.')) {
      health.refetchSoon();
    }
  }

  return (
    <>
      <div class="page-head">
        <h1>Overview</h1>
        <Show when={health.value()}>
          {(h) => <StatusDot level={levelOf(h().status)} label={`platform ${h().status}`} />}
        </Show>
      </div>
      <section class="card" aria-labelledby="services-title">
        <div class="card-head">
          <h2 id="services-title">Services</h2>
          <span class={feed.state() === 'live' ? 'badge badge-ok' : 'badge badge-stale'}>
            feed {feed.state()}
          </span>
        </div>
        <ServiceTiles health={health.value()} lastEvent={lastEvent()} />
        <LoadError error={health.error()} retry={() => void health.refetch()} />
      </section>
      <div class="grid-3">
        <LatestFactCard view={fact} live={liveFact()} />
        <ViewCard title="Open tickets" view={tickets} testId="tickets">
          {(data) => <TicketsSummary data={data} />}
        </ViewCard>
        <StreambotCard status={streambot} activity={activity} />
      </div>
      <div class="grid-3">
        <section class="card">
          <h2>Host</h2>
          <Show
            when={health.value()?.host}
            fallback={<p class="muted">No host figures measured yet.</p>}
          >
            {(host) => <HostFiguresView host={host()} />}
          </Show>
        </section>
        <DiscordCard guilds={guilds} moderation={moderation} />
        <section class="card">
          <h2>Latest events</h2>
          <EventList events={recent()} compact />
        </section>
      </div>
    </>
  );
}
