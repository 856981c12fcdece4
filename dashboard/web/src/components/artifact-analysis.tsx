import { For, Match, Show, Switch } from 'solid-js';
import type { AnalysisFinding, Artifact } from '../lib/artifacts-api.ts';
import { formatAgo } from '../lib/format.ts';

const ORDER: AnalysisFinding['severity'][] = ['error', 'warning', 'info'];
const BADGE = { error: 'badge badge-bad', warning: 'badge badge-warn', info: 'badge' } as const;

/** An artifact's AI analysis: where it stands, or its summary and findings by severity. */
export function ArtifactAnalysis(props: { artifact: Artifact }) {
  const a = () => props.artifact;
  const findings = () =>
    [...(a().analysis?.findings ?? [])].sort(
      (x, y) => ORDER.indexOf(x.severity) - ORDER.indexOf(y.severity),
    );
  return (
    <section aria-label={`Analysis of ${a().fileName}`} data-testid="artifact-analysis">
      <Switch>
        <Match when={a().analysisStatus === 'queued'}>
          <p class="muted" role="status">
            Analysis queued…
            <Show when={a().analysisError}>
              <span class="error small"> {a().analysisError}</span>
            </Show>
          </p>
        </Match>
        <Match when={a().analysisStatus === 'running'}>
          <p class="muted" role="status">
            Analysing…
          </p>
        </Match>
        <Match when={a().analysisStatus === 'failed'}>
          <p class="notice bad" role="alert">
            The analysis failed: {a().analysisError}
          </p>
        </Match>
      </Switch>
      <Show when={a().analysis}>
        {(analysis) => (
          <>
            <p>{analysis().summary}</p>
            <Show
              when={findings().length > 0}
              fallback={<p class="muted">No findings: nothing looks wrong.</p>}
            >
              <ol class="list">
                <For each={findings()}>
                  {(f) => (
                    <li>
                      <span>
                        <span class={BADGE[f.severity]}>{f.severity}</span>{' '}
                        <strong>{f.title}</strong>
                        <div class="small">{f.detail}</div>
                        <Show when={f.likelyCause}>
                          <div class="small muted">Likely cause: {f.likelyCause}</div>
                        </Show>
                      </span>
                    </li>
                  )}
                </For>
              </ol>
            </Show>
            <p class="muted small">
              By {analysis().model}
              <Show when={a().analyzedAt}>{(at) => <> · {formatAgo(at())}</>}</Show>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
