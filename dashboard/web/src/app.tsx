import { createResource, onCleanup } from 'solid-js';
import { EventFeed } from './components/event-feed.tsx';
import { LatestFactCard } from './components/latest-fact.tsx';
import { ServiceInfoCard } from './components/service-info.tsx';
import { fetchInfo, fetchLatestFact } from './lib/api.ts';
import { errorText } from './lib/format.ts';

const REFRESH_MS = 10_000;

export function App() {
  const [info, { refetch: refetchInfo }] = createResource(fetchInfo);
  const [fact, { refetch: refetchFact }] = createResource(fetchLatestFact);
  const timer = setInterval(() => {
    void refetchInfo();
    void refetchFact();
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <main>
      <header>
        <h1>Homelab dashboard</h1>
        <p class="muted">Everything the services tell the bus, as it happens</p>
      </header>
      <div class="columns">
        <ServiceInfoCard
          info={info.error ? undefined : info.latest}
          error={info.error ? errorText(info.error) : undefined}
        />
        <LatestFactCard
          view={fact.error ? undefined : fact.latest}
          error={fact.error ? errorText(fact.error) : undefined}
        />
      </div>
      <EventFeed
        onEvent={(event) => {
          if (event.service === 'streambot' && event.type === 'fact.created') void refetchFact();
        }}
      />
    </main>
  );
}
