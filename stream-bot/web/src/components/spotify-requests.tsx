import { For, Show } from 'solid-js';
import { formatAgo } from '../lib/format.ts';
import type { SongRequest } from '../lib/spotify-api.ts';

/** The song requests, newest first, each with its outcome and why it was refused or failed. */
export function SpotifyRequests(props: { requests: SongRequest[] }) {
  return (
    <Show when={props.requests.length > 0} fallback={<p class="muted">No song requests yet.</p>}>
      <table class="table" data-testid="spotify-requests">
        <thead>
          <tr>
            <th>When</th>
            <th>Viewer</th>
            <th>Request</th>
            <th>Outcome</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.requests}>
            {(r) => (
              <tr>
                <td class="muted" title={r.createdAt}>
                  {formatAgo(r.createdAt)}
                </td>
                <td>{r.requesterName}</td>
                <td>
                  <Show when={r.trackName} fallback={<code>{r.query || '(nothing)'}</code>}>
                    {r.trackName} <span class="muted">— {r.artists}</span>
                  </Show>
                </td>
                <td>
                  <span class={`pill ${r.status === 'queued' ? '' : 'muted'}`}>{r.status}</span>
                  <Show when={r.reason}>{(reason) => <span class="muted"> {reason()}</span>}</Show>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </Show>
  );
}
