import { createResource, createSignal, For, Show } from 'solid-js';
import { formatAgo, formatBytes } from '../lib/format.ts';
import { fetchImports, type ImportRow, type ImportRun } from '../lib/plex-api.ts';

const STATUS: Record<ImportRow['status'], { label: string; cls: string }> = {
  imported: { label: 'imported', cls: 'badge badge-ok' },
  skipped_duplicate: { label: 'already there', cls: 'badge badge-warn' },
  failed: { label: 'failed', cls: 'badge badge-bad' },
};

/** Past imports, newest first; open one to see each file, skipped and failed ones with their reason. */
export function PlexHistory(props: { runs: ImportRun[] }) {
  const [open, setOpen] = createSignal<string>();
  const [rows] = createResource(open, async (jobId) => (await fetchImports(jobId)).imports);
  return (
    <Show when={props.runs.length > 0} fallback={<p class="muted">No imports yet.</p>}>
      <ol class="list">
        <For each={props.runs}>
          {(run) => (
            <li>
              <span>
                <button
                  type="button"
                  class="link"
                  aria-expanded={open() === run.jobId}
                  onClick={() => setOpen(open() === run.jobId ? undefined : run.jobId)}
                >
                  {run.mode} · {run.imported} imported ({formatBytes(run.bytes)})
                </button>{' '}
                <Show when={run.duplicates > 0}>
                  <span class="badge badge-warn">{run.duplicates} already there</span>{' '}
                </Show>
                <Show when={run.failed > 0}>
                  <span class="badge badge-bad">{run.failed} failed</span>
                </Show>
              </span>
              <span class="muted small">{formatAgo(run.finishedAt)}</span>
              <Show when={open() === run.jobId && rows()}>
                {(list) => (
                  <ul class="small">
                    <For each={list()}>
                      {(r) => (
                        <li>
                          <span class={STATUS[r.status].cls}>{STATUS[r.status].label}</span>{' '}
                          <code>{r.sourcePath}</code> → {r.targetPath}
                          <Show when={r.error}>
                            <div class="error">{r.error}</div>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ul>
                )}
              </Show>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
