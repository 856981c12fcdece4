import { createResource, createSignal, onCleanup, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { SpotifyNowPlaying } from '../components/spotify-now-playing.tsx';
import { SpotifyRequestSettings } from '../components/spotify-request-settings.tsx';
import { SpotifyRequests } from '../components/spotify-requests.tsx';
import { SpotifySetup } from '../components/spotify-setup.tsx';
import { errorText } from '../lib/format.ts';
import {
  disconnectSpotify,
  fetchSongRequests,
  fetchSpotify,
  SPOTIFY_CONNECT_URL,
  type SpotifyStatus,
} from '../lib/spotify-api.ts';

/** Spotify: connect an account, what plays now, song requests and their history. */
export function SpotifyPage() {
  const [status, { mutate }] = createResource(fetchSpotify);
  const [history, { refetch: refetchHistory }] = createResource(() => fetchSongRequests());
  const [busy, setBusy] = createSignal(false);
  const [actionError, setActionError] = createSignal<string>();
  // New requests arrive from chat: the history looks again every few seconds.
  const timer = setInterval(() => void refetchHistory(), 10_000);
  onCleanup(() => clearInterval(timer));

  const disconnect = async () => {
    setBusy(true);
    setActionError(undefined);
    try {
      mutate((await disconnectSpotify()) as SpotifyStatus);
    } catch (err) {
      setActionError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <section class="card" aria-labelledby="spotify-title" data-testid="spotify">
        <div class="card-head">
          <h2 id="spotify-title">Spotify</h2>
        </div>
        <Show when={status.error && !status.latest}>
          <p class="error">Spotify status unavailable: {errorText(status.error)}</p>
        </Show>
        <Show when={status.latest} fallback={<p class="muted">Loading…</p>}>
          {(s) => (
            <Show when={s().configured} fallback={<SpotifySetup missing={s().missing} />}>
              <Show
                when={s().account}
                fallback={
                  <>
                    <p>
                      Connect the Spotify account you play music on. Viewers can then ask{' '}
                      <code>!song</code> and, if you allow it, request songs with <code>!sr</code>.
                    </p>
                    <a class="button" href={SPOTIFY_CONNECT_URL}>
                      Connect Spotify
                    </a>
                  </>
                }
              >
                {(account) => (
                  <>
                    <p>
                      Connected as <strong>{account().displayName}</strong>{' '}
                      <span class="muted">({account().spotifyUserId})</span>
                    </p>
                    <Show when={account().needsReconnect}>
                      <p class="error" role="alert">
                        Reconnect needed: Spotify refused the saved login.{' '}
                        <a href={SPOTIFY_CONNECT_URL}>Connect Spotify again</a>
                      </p>
                    </Show>
                    <Show when={!account().needsReconnect}>
                      <SpotifyNowPlaying initial={s().nowPlaying} error={s().playerError} />
                    </Show>
                    <p>
                      <button
                        type="button"
                        class="danger"
                        disabled={busy()}
                        onClick={() => void disconnect()}
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
      <div class="grid-2">
        <section class="card" aria-labelledby="sr-settings-title">
          <h2 id="sr-settings-title">Song requests</h2>
          <Show when={status.latest}>
            {(s) => (
              <SpotifyRequestSettings
                settings={s().settings}
                onSaved={(settings) => mutate({ ...s(), settings })}
              />
            )}
          </Show>
        </section>
        <section class="card" aria-labelledby="sr-history-title">
          <h2 id="sr-history-title">Requests</h2>
          <Show when={history.error}>
            <p class="error">History unavailable: {errorText(history.error)}</p>
          </Show>
          <Show when={history.latest}>{(h) => <SpotifyRequests requests={h().requests} />}</Show>
        </section>
      </div>
    </>
  );
}
