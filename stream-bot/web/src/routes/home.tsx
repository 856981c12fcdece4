import { createResource, onCleanup } from 'solid-js';
import { ServiceInfoCard } from '@homelab/nats/ui';
import { BotStatusCard } from '../components/bot-status-card.tsx';
import { ChatToday } from '../components/chat-today.tsx';
import { HelloForm } from '../components/hello-form.tsx';
import { LatestFact } from '../components/latest-fact.tsx';
import { fetchInfo, fetchLatestFact } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

const REFRESH_MS = 10_000;

/** /: the bot, today's chat, the newest fact and the service. */
export function HomePage() {
  const [info, { refetch: refetchInfo }] = createResource(fetchInfo);
  const [fact, { mutate: setFact, refetch: refetchFact }] = createResource(fetchLatestFact);
  const timer = setInterval(() => {
    void refetchInfo();
    void refetchFact();
  }, REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <div class="grid-2">
      <BotStatusCard />
      <ChatToday />
      <section class="card">
        <h2>Latest fact</h2>
        <LatestFact fact={fact.error ? undefined : fact.latest} loading={fact.loading} />
        <HelloForm onSaid={(f) => setFact(f)} />
      </section>
      <ServiceInfoCard
        info={info.error ? undefined : info.latest}
        error={info.error ? errorText(info.error) : undefined}
      />
    </div>
  );
}
