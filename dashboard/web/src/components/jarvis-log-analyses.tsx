import { For, Show } from 'solid-js';
import type { LogAnalysis } from '../lib/jarvis-api.ts';
import { formatAgo } from '../lib/format.ts';

const SEVERITY: Record<LogAnalysis['findings'][number]['severity'], string> = {
  error: 'badge-bad',
  warning: 'badge-stale',
  info: 'badge-ok',
};

/** Stored analyses of container logs, newest first, each with its findings. */
export function JarvisLogAnalyses(props: { analyses: LogAnalysis[] }) {
  return (
    <Show
      when={props.analyses.length > 0}
      fallback={
        <p class="muted">
          None yet: open a container on the Containers page and choose “Analyze logs”.
        </p>
      }
    >
      <ul class="list jarvis-analyses">
        <For each={props.analyses}>
          {(a) => (
            <li>
              <div class="card-head">
                <strong>
                  {a.containerName} <span class="muted small">on {a.host}</span>
                </strong>
                <span class="muted small">
                  {a.lineCount} lines · {a.model} · {formatAgo(a.createdAt)}
                </span>
              </div>
              <p>{a.summary}</p>
              <Show when={a.findings.length > 0}>
                <ul class="findings">
                  <For each={a.findings}>
                    {(f) => (
                      <li>
                        <span class={`pill ${SEVERITY[f.severity]}`}>{f.severity}</span>{' '}
                        <strong>{f.title}</strong>
                        <span class="muted small"> — {f.detail}</span>
                        <Show when={f.likelyCause}>
                          <div class="small">Likely cause: {f.likelyCause}</div>
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
