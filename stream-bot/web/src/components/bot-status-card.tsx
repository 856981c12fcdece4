import { createSignal, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { connectBot, disconnectBot, type BotState, type BotStatus } from '../lib/api.ts';
import { createBotStatus } from '../lib/bot-status.ts';
import { errorText, formatAgo } from '../lib/format.ts';
import { me } from '../lib/session.ts';

const STATE_LABEL: Record<BotState, string> = {
  not_configured: 'not configured',
  disabled: 'off',
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  error: 'error',
};

const STATE_TONE: Record<BotState, 'ok' | 'warn' | 'bad' | 'off'> = {
  not_configured: 'off',
  disabled: 'off',
  connecting: 'warn',
  connected: 'ok',
  reconnecting: 'warn',
  error: 'bad',
};

function canDisconnect(s: BotStatus): boolean {
  return s.state === 'connected' || s.state === 'connecting' || s.state === 'reconnecting';
}

/** The bot's connection, updated live, with connect and disconnect. */
export function BotStatusCard() {
  const bot = createBotStatus();
  const [busy, setBusy] = createSignal(false);
  const [actionError, setActionError] = createSignal<string>();

  const act = async (action: () => Promise<BotStatus>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      const next = await action();
      if (next && typeof next === 'object' && 'state' in next) bot.setStatus(next);
      else await bot.refresh();
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="bot-status-title" data-testid="bot-status">
      <div class="card-head">
        <h2 id="bot-status-title">Chat bot</h2>
        <Show when={bot.live()}>
          <span class="pill" title="Updates as they happen">
            live
          </span>
        </Show>
      </div>
      <Show when={bot.error() && !bot.status()}>
        <p class="error">Bot status unavailable: {bot.error()}</p>
      </Show>
      <Show when={bot.status()}>
        {(s) => (
          <>
            <p class="bot-state" aria-live="polite">
              <span class={`dot dot-${STATE_TONE[s().state]}`} aria-hidden="true" />
              <strong>{STATE_LABEL[s().state]}</strong>
              <Show when={s().botLogin}>
                <span class="muted"> as {s().botLogin}</span>
              </Show>
              <Show when={s().state === 'connected' && s().connectedSince}>
                {(since) => <span class="muted"> · since {formatAgo(since())}</span>}
              </Show>
            </p>
            <Show when={s().channels.length > 0}>
              <p class="chips" aria-label="Channels">
                {s().channels.map((c) => (
                  <span class="chip">#{c}</span>
                ))}
              </p>
            </Show>
            <Show when={s().lastError}>
              <p class="error">Last error: {s().lastError}</p>
            </Show>
            <Show when={s().reconnects > 0}>
              <p class="muted small">
                Reconnected {s().reconnects === 1 ? 'once' : `${s().reconnects} times`} since it was
                started.
              </p>
            </Show>
            <Show when={s().hint}>
              <p class="notice">{s().hint}</p>
            </Show>
            <Show when={s().state === 'not_configured' && !s().hint && !me()?.user?.twitchId}>
              <p class="notice">
                You are logged in with the local account. The bot chats as a Twitch account: log out
                and log in with Twitch to connect it.
              </p>
            </Show>
            <div class="actions">
              <Show
                when={canDisconnect(s())}
                fallback={
                  <button
                    type="button"
                    class="primary"
                    disabled={busy() || s().state === 'not_configured'}
                    onClick={() => void act(connectBot)}
                  >
                    Connect
                  </button>
                }
              >
                <button type="button" disabled={busy()} onClick={() => void act(disconnectBot)}>
                  Disconnect
                </button>
              </Show>
            </div>
          </>
        )}
      </Show>
      <FormError message={actionError()} />
    </section>
  );
}
