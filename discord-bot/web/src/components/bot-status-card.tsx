import { createSignal, onCleanup, Show } from 'solid-js';
import { fetchBotStatus, type BotStatus } from '../lib/api.ts';
import { errorText, formatAgo } from '../lib/format.ts';

const REFRESH_MS = 5_000;

const TONE: Record<string, 'ok' | 'warn' | 'bad' | 'off'> = {
  ready: 'ok',
  connected: 'ok',
  connecting: 'warn',
  reconnecting: 'warn',
  error: 'bad',
};

/** The Discord bot's connection, polled, with what to set when it is off. */
export function BotStatusCard() {
  const [status, setStatus] = createSignal<BotStatus>();
  const [error, setError] = createSignal<string>();
  const poll = async () => {
    try {
      setStatus(await fetchBotStatus());
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <section class="card" aria-labelledby="bot-status-title" data-testid="bot-status">
      <h2 id="bot-status-title">Discord bot</h2>
      <Show when={error() && !status()}>
        <p class="error">Bot status unavailable: {error()}</p>
      </Show>
      <Show when={status()}>
        {(s) => (
          <>
            <p class="bot-state" aria-live="polite">
              <span class={`dot dot-${TONE[s().state] ?? 'off'}`} aria-hidden="true" />
              <strong>{s().state.replaceAll('_', ' ')}</strong>
              <Show when={s().user}>
                {(user) => <span class="muted"> as {user().username}</span>}
              </Show>
              <Show when={s().state !== 'not_configured' && s().since}>
                {(since) => <span class="muted"> · since {formatAgo(since())}</span>}
              </Show>
            </p>
            <Show when={s().state === 'ready' || s().state === 'connected'}>
              <p class="muted">
                In {s().guildCount} {s().guildCount === 1 ? 'server' : 'servers'}
                {s().reconnects > 0 ? ` · reconnected ${s().reconnects}×` : ''}.
              </p>
            </Show>
            <Show when={s().lastError}>
              <p class="error">Last error: {s().lastError}</p>
            </Show>
            <Show
              when={s().hint}
              fallback={
                <Show when={s().state === 'not_configured'}>
                  <p class="notice">
                    The bot is off: set <code>DISCORD_TOKEN</code> and restart the service.
                  </p>
                </Show>
              }
            >
              <p class="notice">{s().hint}</p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
