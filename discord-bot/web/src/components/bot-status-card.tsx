import { createResource, For, onCleanup, Show } from 'solid-js';
import { fetchBotStatus } from '../lib/api.ts';
import { errorText, formatAgo } from '../lib/format.ts';

const REFRESH_MS = 5_000;

const TONE: Record<string, 'ok' | 'warn' | 'bad' | 'off'> = {
  connected: 'ok',
  ready: 'ok',
  connecting: 'warn',
  reconnecting: 'warn',
  error: 'bad',
};

/** The Discord bot's connection, polled, with what to set when it is off. */
export function BotStatusCard() {
  const [status, { refetch }] = createResource(fetchBotStatus);
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <section class="card" aria-labelledby="bot-status-title" data-testid="bot-status">
      <h2 id="bot-status-title">Discord bot</h2>
      <Show when={status.error && !status.latest}>
        <p class="error">Bot status unavailable: {errorText(status.error)}</p>
      </Show>
      <Show when={status.latest}>
        {(s) => (
          <>
            <p class="bot-state" aria-live="polite">
              <span class={`dot dot-${TONE[s().state] ?? 'off'}`} aria-hidden="true" />
              <strong>{s().state.replaceAll('_', ' ')}</strong>
              <Show when={s().user?.tag ?? s().user?.username}>
                {(tag) => <span class="muted"> as {tag()}</span>}
              </Show>
              <Show when={s().connectedSince}>
                {(since) => <span class="muted"> · since {formatAgo(since())}</span>}
              </Show>
            </p>
            <Show when={s().guildCount !== undefined}>
              <p class="muted">In {s().guildCount} servers.</p>
            </Show>
            <Show when={s().lastError}>
              <p class="error">Last error: {s().lastError}</p>
            </Show>
            <Show when={s().hint}>
              <p class="notice">{s().hint}</p>
            </Show>
            <Show when={s().state === 'not_configured' && !s().hint}>
              <p class="notice">
                The bot is off: set <code>DISCORD_TOKEN</code> (the Bot page of your application at
                discord.com/developers) and restart the service.
              </p>
            </Show>
            <Show when={(s().missing ?? []).length > 0}>
              <ul class="chips" aria-label="Missing variables">
                <For each={s().missing}>{(name) => <li class="chip">{name}</li>}</For>
              </ul>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
