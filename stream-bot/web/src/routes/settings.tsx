import { createResource, Show } from 'solid-js';
import { ChatSettings } from '../components/chat-settings.tsx';
import { FactSettingsForm } from '../components/fact-settings.tsx';
import { PersonalitySettingsForm } from '../components/personality-settings.tsx';
import { fetchBotConfig } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

/** /settings: channels and prefix, !fact, and the bot's personality. */
export function SettingsPage() {
  const [config, { mutate }] = createResource(fetchBotConfig);
  return (
    <>
      <Show when={config.error}>
        <p class="error card">Settings unavailable: {errorText(config.error)}</p>
      </Show>
      <Show when={config.loading && !config.latest}>
        <p class="muted">Loading…</p>
      </Show>
      <Show when={!config.error && config.latest}>
        {(c) => (
          <>
            <section class="card" aria-labelledby="chat-settings-title">
              <h2 id="chat-settings-title">Chat</h2>
              <ChatSettings config={c()} onSaved={mutate} />
            </section>
            <div class="grid-2">
              <section class="card" aria-labelledby="fact-settings-title">
                <h2 id="fact-settings-title">!fact</h2>
                <FactSettingsForm config={c()} onSaved={mutate} />
              </section>
              <section class="card" aria-labelledby="personality-title">
                <h2 id="personality-title">Personality</h2>
                <PersonalitySettingsForm config={c()} onSaved={mutate} />
              </section>
            </div>
          </>
        )}
      </Show>
    </>
  );
}
