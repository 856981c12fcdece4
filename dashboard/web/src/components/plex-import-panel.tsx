import { createSignal, onCleanup, Show } from 'solid-js';
import { errorText } from '../lib/format.ts';
import { fetchImportJob, startImport, type ImportJob, type ImportMode } from '../lib/plex-api.ts';

const POLL_MS = 1_000;
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

/** Choose copy or move, start the import, and follow its progress to the result. */
export function PlexImportPanel(props: {
  disabled: boolean;
  count: number;
  onFinished: () => void;
}) {
  const [mode, setMode] = createSignal<ImportMode>('copy');
  const [job, setJob] = createSignal<ImportJob>();
  const [error, setError] = createSignal<string>();
  const [starting, setStarting] = createSignal(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));

  const running = () => {
    const j = job();
    return j !== undefined && !FINISHED.has(j.status);
  };

  async function follow(jobId: string) {
    try {
      const { job: j } = await fetchImportJob(jobId);
      setJob(j);
      if (FINISHED.has(j.status)) {
        props.onFinished();
        return;
      }
    } catch (err) {
      setError(errorText(err));
    }
    timer = setTimeout(() => void follow(jobId), POLL_MS);
  }

  async function start() {
    setError(undefined);
    setStarting(true);
    try {
      const { jobId } = await startImport(mode());
      setJob(undefined);
      void follow(jobId);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setStarting(false);
    }
  }

  return (
    <div class="stack">
      <div class="toolbar">
        <div class="segmented" role="group" aria-label="Import mode">
          <button type="button" aria-pressed={mode() === 'copy'} onClick={() => setMode('copy')}>
            Copy
          </button>
          <button type="button" aria-pressed={mode() === 'move'} onClick={() => setMode('move')}>
            Move
          </button>
        </div>
        <button
          type="button"
          class="primary"
          disabled={props.disabled || running() || starting() || props.count === 0}
          onClick={() => void start()}
        >
          {mode() === 'copy' ? 'Copy' : 'Move'} {props.count} file{props.count === 1 ? '' : 's'}{' '}
          into Plex
        </button>
        <span class="muted small">
          {mode() === 'copy'
            ? 'Copy keeps the originals in the import folder.'
            : 'Move takes them out of the import folder.'}
        </span>
      </div>
      <Show when={error()}>
        <p class="notice bad" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={job()}>{(j) => <ImportProgress job={j()} />}</Show>
    </div>
  );
}

function ImportProgress(props: { job: ImportJob }) {
  const result = () => props.job.result;
  return (
    <div class="stack" role="status" aria-live="polite">
      <Show when={!FINISHED.has(props.job.status)}>
        <div class="meter">
          <div class="meter-head">
            <span>{props.job.progressMessage ?? props.job.status}</span>
            <span class="muted">{props.job.progressPercent ?? 0} %</span>
          </div>
          <progress max={100} value={props.job.progressPercent ?? 0} aria-label="Import progress" />
        </div>
      </Show>
      <Show when={props.job.status === 'failed' || props.job.status === 'cancelled'}>
        <p class="notice bad">
          Import {props.job.status}
          {props.job.error ? `: ${props.job.error}` : ''}
        </p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <p class={r().failed > 0 ? 'notice bad' : 'notice ok'}>
            <strong>
              {r().imported} imported, {r().duplicates} already in the library, {r().failed} failed
            </strong>
            {r().skipped.length > 0 ? `, ${r().skipped.length} left alone` : ''}. {r().refresh.note}
          </p>
        )}
      </Show>
    </div>
  );
}
