import { For, Show } from 'solid-js';
import type { PlexStatus } from '../lib/plex-api.ts';
import { StatusDot } from './status-dot.tsx';

/** The folders the import uses, whether Plex answers (and its sections), and what to set. */
export function PlexStatusCard(props: { status: PlexStatus }) {
  const plex = () => props.status.plex;
  return (
    <section class="card">
      <h2>Setup</h2>
      <Show when={props.status.problems.length > 0}>
        <div class="notice bad" role="alert">
          <strong>Import is not set up.</strong>
          <ul>
            <For each={props.status.problems}>{(p) => <li>{p}</li>}</For>
          </ul>
        </div>
      </Show>
      <dl class="details">
        <dt>Import folder</dt>
        <dd>{props.status.importDir ?? <span class="muted">PLEX_IMPORT_DIR not set</span>}</dd>
        <dt>Movies</dt>
        <dd>{props.status.moviesDir ?? <span class="muted">PLEX_MOVIES_DIR not set</span>}</dd>
        <dt>TV shows</dt>
        <dd>{props.status.tvDir ?? <span class="muted">PLEX_TV_DIR not set</span>}</dd>
        <dt>Plex</dt>
        <dd>
          <Show when={plex().url} fallback={<span class="muted">PLEX_URL not set</span>}>
            <StatusDot
              level={plex().reachable ? 'ok' : 'bad'}
              label={
                plex().reachable
                  ? `reachable${plex().version ? ` (${plex().version})` : ''}`
                  : 'not reachable'
              }
            />{' '}
            <span class="muted small">{plex().url}</span>
            <Show when={plex().error}>
              <div class="error small">{plex().error}</div>
            </Show>
          </Show>
        </dd>
        <Show when={plex().sections.length > 0}>
          <dt>Sections</dt>
          <dd>
            <For each={plex().sections}>
              {(s) => (
                <div>
                  <strong>{s.title}</strong> <span class="badge">{s.type}</span>{' '}
                  <span class="muted small">{s.locations.join(', ')}</span>
                </div>
              )}
            </For>
          </dd>
        </Show>
      </dl>
      <Show when={plex().hint}>
        <p class="notice">{plex().hint}</p>
      </Show>
    </section>
  );
}
