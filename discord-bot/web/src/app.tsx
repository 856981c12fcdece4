import { createResource, onCleanup } from 'solid-js';
import { GuildList } from './components/guild-list.tsx';
import { ServiceInfoCard } from './components/service-info.tsx';
import { fetchGuilds, fetchInfo } from './lib/api.ts';
import { errorText } from './lib/format.ts';

const REFRESH_MS = 10_000;

export function App() {
  const [info, { refetch: refetchInfo }] = createResource(fetchInfo);
  const [guilds, { refetch: refetchGuilds }] = createResource(fetchGuilds);
  const timer = setInterval(() => {
    void refetchInfo();
    void refetchGuilds();
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <main>
      <header>
        <h1>discord-bot</h1>
        <p class="muted">Tickets, roles, verification and moderation for Discord</p>
      </header>
      <ServiceInfoCard
        info={info.error ? undefined : info.latest}
        error={info.error ? errorText(info.error) : undefined}
      />
      <GuildList
        guilds={guilds.error ? undefined : guilds.latest}
        error={guilds.error ? errorText(guilds.error) : undefined}
      />
    </main>
  );
}
