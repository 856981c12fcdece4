import { For, Show } from 'solid-js';
import { downloadUrl, type Artifact } from '../lib/artifacts-api.ts';
import { formatAgo, formatBytes } from '../lib/format.ts';

const STATUS_LABEL = {
  none: '—',
  queued: 'queued',
  running: 'analysing',
  done: 'analysed',
  failed: 'failed',
} as const;
const STATUS_BADGE = {
  none: '',
  queued: 'badge badge-stale',
  running: 'badge badge-stale',
  done: 'badge badge-ok',
  failed: 'badge badge-bad',
} as const;

/** The uploaded files, newest first, with download, analyse and delete. */
export function ArtifactTable(props: {
  artifacts: Artifact[];
  selected: string | undefined;
  analysisConfigured: boolean;
  onSelect: (a: Artifact) => void;
  onAnalyze: (a: Artifact) => void;
  onDelete: (a: Artifact) => void;
}) {
  const busy = (a: Artifact) => a.analysisStatus === 'queued' || a.analysisStatus === 'running';
  return (
    <div class="table-wrap">
      <table class="table" aria-label="Artifacts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Type</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Uploaded</th>
            <th scope="col">Analysis</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.artifacts}>
            {(a) => (
              <tr aria-selected={props.selected === a.id} data-testid={`artifact-${a.fileName}`}>
                <td data-label="Name">
                  <button type="button" class="link" onClick={() => props.onSelect(a)}>
                    {a.fileName}
                  </button>
                  <Show when={a.originalName !== a.fileName}>
                    <div class="muted small" title="the name as it was sent">
                      sent as {a.originalName}
                    </div>
                  </Show>
                </td>
                <td data-label="Size">{formatBytes(a.sizeBytes)}</td>
                <td data-label="Type">
                  <code class="small">{a.contentType.split(';')[0]}</code>
                </td>
                <td data-label="SHA-256">
                  <code title={a.sha256}>{a.sha256.slice(0, 12)}</code>
                </td>
                <td data-label="Uploaded">
                  <span title={new Date(a.createdAt).toLocaleString()}>
                    {formatAgo(a.createdAt)}
                  </span>
                  <div class="muted small">{a.uploadedBy}</div>
                </td>
                <td data-label="Analysis">
                  <Show when={a.textLike} fallback={<span class="muted small">not text</span>}>
                    <span class={STATUS_BADGE[a.analysisStatus]}>
                      {STATUS_LABEL[a.analysisStatus]}
                    </span>
                  </Show>
                </td>
                <td data-label="Actions">
                  <div class="row-actions">
                    <a class="button" href={downloadUrl(a.id)} download={a.fileName}>
                      Download
                    </a>
                    <Show when={a.textLike}>
                      <button
                        type="button"
                        disabled={busy(a) || !props.analysisConfigured}
                        title={
                          props.analysisConfigured
                            ? undefined
                            : 'AI analysis is off: set OPENAI_API_KEY'
                        }
                        onClick={() => props.onAnalyze(a)}
                      >
                        {a.analysisStatus === 'done' || a.analysisStatus === 'failed'
                          ? 'Analyse again'
                          : 'Analyse'}
                      </button>
                    </Show>
                    <button type="button" class="danger" onClick={() => props.onDelete(a)}>
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
