import { createSignal, Show } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import { uploadArtifact, type Artifact } from '../lib/artifacts-api.ts';
import { errorText, formatBytes } from '../lib/format.ts';

export const ACCEPTED =
  '.log,.txt,.json,.yaml,.yml,.toml,.ini,.conf,.cfg,.env,.md,.csv,.xml,.sh,.service,.zip,.tar,.gz,.tgz,.png,.jpg,.jpeg,.pdf';

/** What went wrong, said so a person knows what to do. */
function uploadError(err: unknown, file: File, maxBytes: number): string {
  if (err instanceof ApiError && err.status === 413) {
    return `${file.name} is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}.`;
  }
  if (err instanceof ApiError && err.status === 415) return `${errorText(err)}.`;
  return errorText(err);
}

/** Drop a file here or pick one: uploads it, with its progress and any refusal. */
export function ArtifactUpload(props: { maxBytes: number; onUploaded: (a: Artifact) => void }) {
  const [over, setOver] = createSignal(false);
  const [progress, setProgress] = createSignal<number>();
  const [error, setError] = createSignal<string>();
  let input: HTMLInputElement | undefined;

  async function send(file: File) {
    setError(undefined);
    // Checked here too, so a big file is refused before it is sent.
    if (file.size > props.maxBytes) {
      setError(uploadError(new ApiError(413, ''), file, props.maxBytes));
      return;
    }
    setProgress(0);
    try {
      const { artifact } = await uploadArtifact(file, setProgress);
      props.onUploaded(artifact);
    } catch (err) {
      setError(uploadError(err, file, props.maxBytes));
    } finally {
      setProgress(undefined);
      if (input) input.value = '';
    }
  }

  const busy = () => progress() !== undefined;
  return (
    <div
      class="card"
      data-testid="artifact-upload"
      style={{
        'border-style': 'dashed',
        'border-width': '2px',
        'border-color': over() ? 'var(--accent, #3b82f6)' : undefined,
        'text-align': 'center',
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer?.files[0];
        if (file && !busy()) void send(file);
      }}
    >
      <p>
        Drop a file here or{' '}
        <label class="button">
          choose one
          <input
            ref={input}
            type="file"
            class="sr-only"
            accept={ACCEPTED}
            disabled={busy()}
            aria-label="Choose a file to upload"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) void send(file);
            }}
          />
        </label>
      </p>
      <p class="muted small">
        Up to {formatBytes(props.maxBytes)}. Logs, configs, compose files and other text (.log .txt
        .json .yaml .toml .ini .conf .env .md .csv .xml .sh .service), archives (.zip .tar .gz) and
        images or PDFs.
      </p>
      <Show when={progress()}>
        {(share) => (
          <p role="status">
            Uploading… <progress max="1" value={share()} /> {Math.round(share() * 100)} %
          </p>
        )}
      </Show>
      <Show when={progress() === 0}>
        <p role="status">Uploading…</p>
      </Show>
      <Show when={error()}>
        <p class="notice bad" role="alert">
          {error()}
        </p>
      </Show>
    </div>
  );
}
