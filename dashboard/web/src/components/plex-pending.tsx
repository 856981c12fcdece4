import { For, Show } from 'solid-js';
import { formatBytes } from '../lib/format.ts';
import type { PlanView } from '../lib/plex-api.ts';

const EXISTING: Record<string, { label: string; cls: string } | undefined> = {
  same_size: { label: 'already there?', cls: 'badge badge-warn' },
  different: { label: 'another file there', cls: 'badge badge-bad' },
};

/** What waits in the import folder: each file and the name it gets, then what is left alone and why. */
export function PlexPending(props: { plan: PlanView }) {
  return (
    <>
      <Show
        when={props.plan.files.length > 0}
        fallback={<p class="muted">Nothing to import in {props.plan.importDir}.</p>}
      >
        <div class="table-wrap">
          <table class="table" aria-label="Files waiting to be imported">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Becomes</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              <For each={props.plan.files}>
                {(f) => (
                  <tr>
                    <td class="small">{f.source}</td>
                    <td>
                      {f.target}{' '}
                      <Show when={EXISTING[f.existing]}>
                        {(e) => <span class={e().cls}>{e().label}</span>}
                      </Show>
                    </td>
                    <td class="small">{formatBytes(f.sizeBytes)}</td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <Show when={props.plan.truncated}>
        <p class="notice">More files wait than one import takes; the rest come next time.</p>
      </Show>
      <Show when={props.plan.skipped.length > 0}>
        <details>
          <summary>
            {props.plan.skipped.length} file{props.plan.skipped.length === 1 ? '' : 's'} left alone
          </summary>
          <ul class="small">
            <For each={props.plan.skipped}>
              {(s) => (
                <li>
                  <code>{s.path}</code> <span class="muted">— {s.reason}</span>
                </li>
              )}
            </For>
          </ul>
        </details>
      </Show>
    </>
  );
}
