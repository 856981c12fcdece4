import { createSignal, onCleanup, Show } from 'solid-js';
import { NOW_PLAYING_STREAM_URL, type NowPlaying } from '../lib/spotify-api.ts';

/** 3:33 for 213 573 ms. */
export function minutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** What the connected Spotify plays, kept live by the service's now-playing stream. */
export function SpotifyNowPlaying(props: { initial: NowPlaying | null; error: string | null }) {
  const [now, setNow] = createSignal<NowPlaying | null>(props.initial);
  const [live, setLive] = createSignal(false);
  if (typeof EventSource !== 'undefined') {
    const source = new EventSource(NOW_PLAYING_STREAM_URL);
    source.addEventListener('now-playing', (event: MessageEvent<string>) => {
      try {
        const { nowPlaying } = JSON.parse(event.data) as { nowPlaying: NowPlaying | null };
        // The stream opens with what the service saw last, which may be older than the page's.
        if (nowPlaying || live()) setNow(nowPlaying);
        setLive(true);
      } catch {
        // A keep-alive line: nothing to show.
      }
    });
    source.addEventListener('error', () => setLive(false));
    onCleanup(() => source.close());
  }

  return (
    <div class="now-playing" data-testid="spotify-now-playing" aria-live="polite">
      <Show
        when={now()}
        fallback={<p class="muted">{props.error ?? 'Nothing is playing on Spotify right now.'}</p>}
      >
        {(n) => (
          <p>
            <span class="pill">{n().isPlaying ? 'Now playing' : 'Paused'}</span>{' '}
            <a href={n().track.url} target="_blank" rel="noreferrer">
              <strong>{n().track.name}</strong>
            </a>{' '}
            — {n().track.artists.join(', ')}
            <Show when={n().track.album}>{(album) => <span class="muted"> · {album()}</span>}</Show>
            <span class="muted"> · {minutes(n().track.durationMs)}</span>
          </p>
        )}
      </Show>
      <Show when={live()}>
        <span class="muted small" title="Updates as the track changes">
          live
        </span>
      </Show>
    </div>
  );
}
