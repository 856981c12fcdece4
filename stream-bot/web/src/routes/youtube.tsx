import { createResource, createSignal, onCleanup, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { YouTubeLiveState } from '../components/youtube-live-state.tsx';
import { YouTubeSetup } from '../components/youtube-setup.tsx';
import { errorText } from '../lib/format.ts';
import {
  CONNECT_URL,
  disconnectYouTube,
  fetchYouTube,
  setYouTubeReading,
  type YouTubeStatus,
} from '../lib/youtube-api.ts';

/** YouTube live chat: connect a channel, switch reading on, and see what the reader is doing. */
export function YouTubePage() {
  const [status, { mutate, refetch }] = createResource(fetchYouTube);
  const [busy, setBusy] = createSignal(false);
  const [actionError, setActionError] = createSignal<string>();
  // The reader's state moves on its own (a broadcast found, a quota block): look every few seconds.
  const timer = setInterval(() => void refetch(), 5_000);
  onCleanup(() => clearInterval(timer));

  const act = async (action: () => Promise<YouTubeStatus>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      mutate(await action());
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="youtube-title" data-testid="youtube">
      <div class="card-head">
        <h2 id="youtube-title">YouTube live chat</h2>
      </div>
      <Show when={status.error && !status.latest}>
        <p class="error">YouTube status unavailable: {errorText(status.error)}</p>
      </Show>
      <Show when={status.latest} fallback={<p class="muted">Loading…</p>}>
        {(s) => (
          <Show when={s().configured} fallback={<YouTubeSetup missing={s().missing} />}>
            <Show
              when={s().channel}
              fallback={
                <>
                  <p>
                    Connect the YouTube channel you stream on. The bot reads its live chat and
                    answers commands there as that channel.
                  </p>
                  <a class="button" href={CONNECT_URL}>
                    Connect YouTube
                  </a>
                </>
              }
            >
              {(channel) => (
                <>
                  <p>
                    Connected as <strong>{channel().title}</strong>{' '}
                    <span class="muted">({channel().id})</span>
                  </p>
                  <Show when={s().reconnectNeeded || s().missingScopes.length > 0}>
                    <p class="error" role="alert">
                      Reconnect needed: {s().lastError ?? 'YouTube did not grant every permission'}{' '}
                      <a href={CONNECT_URL}>Reconnect YouTube</a>
                    </p>
                  </Show>
                  <label class="check">
                    <input
                      type="checkbox"
                      checked={s().enabled}
                      disabled={busy()}
                      onChange={(e) => void act(() => setYouTubeReading(e.currentTarget.checked))}
                    />{' '}
                    Read the live chat and answer commands
                  </label>
                  <Show when={s().enabled && s().liveChat}>
                    {(live) => <YouTubeLiveState live={live()} />}
                  </Show>
                  <p>
                    <button
                      type="button"
                      class="danger"
                      disabled={busy()}
                      onClick={() => void act(disconnectYouTube)}
                    >
                      Disconnect
                    </button>
                  </p>
                </>
              )}
            </Show>
          </Show>
        )}
      </Show>
      <FormError message={actionError()} />
    </section>
  );
}
