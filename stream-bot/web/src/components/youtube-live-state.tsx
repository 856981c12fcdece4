import { Match, Switch } from 'solid-js';
import { formatAgo } from '../lib/format.ts';
import type { LiveChatState } from '../lib/youtube-api.ts';

const time = (iso: string) => new Date(iso).toLocaleString();

/** What the live chat reader is doing: searching, reading, blocked by quota, backing off … */
export function YouTubeLiveState(props: { live: LiveChatState }) {
  return (
    <p class="bot-state" aria-live="polite" data-testid="youtube-live-state">
      <Switch>
        <Match when={props.live.state === 'reading' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-ok" aria-hidden="true" /> <strong>reading chat</strong>
              <span class="muted">
                {' '}
                · polled {l().lastPollAt ? formatAgo(l().lastPollAt ?? '') : 'not yet'}
                {l().intervalMs ? ` · every ${(l().intervalMs ?? 0) / 1000} s as YouTube asks` : ''}
              </span>
            </>
          )}
        </Match>
        <Match when={props.live.state === 'searching' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-warn" aria-hidden="true" />{' '}
              <strong>waiting for a live broadcast</strong>
              <span class="muted"> · looking again at {time(l().nextCheckAt)}</span>
            </>
          )}
        </Match>
        <Match when={props.live.state === 'quota_blocked' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-bad" aria-hidden="true" />{' '}
              <strong>paused: YouTube API quota used up</strong>
              <span class="muted">
                {' '}
                · reading resumes at {time(l().until)}, when the daily quota resets (midnight
                Pacific time)
              </span>
            </>
          )}
        </Match>
        <Match when={props.live.state === 'rate_limited' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-warn" aria-hidden="true" /> <strong>backing off</strong>
              <span class="muted"> · {l().message}</span>
            </>
          )}
        </Match>
        <Match when={props.live.state === 'reconnect_needed' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-bad" aria-hidden="true" /> <strong>reconnect needed</strong>
              <span class="muted"> · {l().message}</span>
            </>
          )}
        </Match>
        <Match when={props.live.state === 'error' && props.live}>
          {(l) => (
            <>
              <span class="dot dot-bad" aria-hidden="true" /> <strong>error</strong>
              <span class="muted">
                {' '}
                · {l().message} · trying again at {time(l().retryAt)}
              </span>
            </>
          )}
        </Match>
        <Match when={true}>
          <span class="dot dot-off" aria-hidden="true" /> <strong>starting…</strong>
        </Match>
      </Switch>
    </p>
  );
}
