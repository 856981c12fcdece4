import { createResource, onCleanup } from 'solid-js';
import { ServiceInfoCard } from '@homelab/nats/ui';
import { BotStatusCard } from '../components/bot-status-card.tsx';
import { GuildList } from '../components/guild-list.tsx';
import { fetchInfo } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { guilds, refetchGuilds } from '../lib/guilds.ts';
import { loaded } from '../lib/resource.ts';

const REFRESH_MS = 10_000;

/** /: the servers the user manages, the bot and the service. */
export function HomePage() {
  const [info, { refetch: refetchInfo }] = createResource(fetchInfo);
  const timer = setInterval(() => {
    void refetchInfo();
    void refetchGuilds();
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <div class="grid-2">
      <div class="span-2">
        <GuildList
          guilds={loaded(guilds)}
          error={guilds.error ? errorText(guilds.error) : undefined}
        />
      </div>
      <BotStatusCard />
      <ServiceInfoCard info={loaded(info)} error={info.error ? errorText(info.error) : undefined} />
    </div>
  );
}
