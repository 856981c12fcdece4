import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { ArtifactAnalysis } from '../components/artifact-analysis.tsx';
import { ArtifactTable } from '../components/artifact-table.tsx';
import { ArtifactUpload } from '../components/artifact-upload.tsx';
import { ConfirmDialog } from '../components/confirm-dialog.tsx';
import { LoadError } from '../components/load-error.tsx';
import {
  analyzeArtifact,
  deleteArtifact,
  fetchArtifacts,
  type Artifact,
} from '../lib/artifacts-api.ts';
import { errorText, formatBytes } from '../lib/format.ts';
import { createPolled } from '../lib/poll.ts';
import { createEventStream } from '../lib/sse.ts';

const PAGE_SIZE = 50;
/** Without the jobs' live updates, a queued or running analysis is looked at this often. */
const BUSY_POLL_MS = 2_000;
const IDLE_POLL_MS = 30_000;

/** /artifacts: upload files, list, download and delete them, and have text files analysed. */
export function ArtifactsPage() {
  const [offset, setOffset] = createSignal(0);
  const list = createPolled(() => fetchArtifacts(PAGE_SIZE, offset()));
  const [rows, setRows] = createStore<{ artifacts: Artifact[] }>({ artifacts: [] });
  const [selectedId, setSelectedId] = createSignal<string>();
  const [deleting, setDeleting] = createSignal<Artifact>();
  const [note, setNote] = createSignal<{ ok: boolean; text: string }>();

  createEffect(() => {
    const page = list.value();
    if (page) setRows('artifacts', reconcile(page.artifacts, { key: 'id' }));
  });
  const busy = () =>
    rows.artifacts.some((a) => a.analysisStatus === 'queued' || a.analysisStatus === 'running');
  // The jobs' live updates say when an analysis moves on; polling covers a stream that is down.
  const jobs = createEventStream<{ id: string; kind: string }>(
    () => '/api/jobs/events',
    (update) => {
      if (rows.artifacts.some((a) => a.analysisJobId === update.id)) list.refetchSoon();
    },
  );
  let last = Date.now();
  const timer = setInterval(() => {
    if ((busy() && jobs.state() !== 'live') || Date.now() - last >= IDLE_POLL_MS) {
      last = Date.now();
      void list.refetch();
    }
  }, BUSY_POLL_MS);
  onCleanup(() => clearInterval(timer));

  const selected = () => rows.artifacts.find((a) => a.id === selectedId());
  const page = () => list.value();

  async function analyze(a: Artifact) {
    setNote(undefined);
    try {
      await analyzeArtifact(a.id);
      setSelectedId(a.id);
      setNote({
        ok: true,
        text: `${a.fileName} is being analysed; the result shows beside the list.`,
      });
    } catch (err) {
      setNote({ ok: false, text: `Could not analyse ${a.fileName}: ${errorText(err)}` });
    }
    void list.refetch();
  }

  async function remove(a: Artifact) {
    setDeleting(undefined);
    try {
      await deleteArtifact(a.id);
      if (selectedId() === a.id) setSelectedId(undefined);
      setNote({ ok: true, text: `${a.fileName} deleted.` });
    } catch (err) {
      setNote({ ok: false, text: `Could not delete ${a.fileName}: ${errorText(err)}` });
    }
    void list.refetch();
  }

  return (
    <>
      <div class="page-head">
        <h1>Artifacts</h1>
      </div>
      <Show when={page()}>
        {(p) => (
          <>
            <ArtifactUpload
              maxBytes={p().maxBytes}
              onUploaded={(a) => {
                setNote({
                  ok: true,
                  text: `${a.fileName} uploaded (${formatBytes(a.sizeBytes)}).`,
                });
                setOffset(0);
                void list.refetch();
              }}
            />
            <Show when={!p().analysisConfigured}>
              <p class="notice" role="note">
                AI analysis is off: set <code>OPENAI_API_KEY</code> (and{' '}
                <code>OPENAI_BASE_URL</code> for a local OpenAI-compatible server) and restart the
                dashboard.
              </p>
            </Show>
          </>
        )}
      </Show>
      <LoadError error={list.error()} retry={() => void list.refetch()} />
      <Show when={note()}>
        {(n) => (
          <p class={n().ok ? 'notice ok' : 'notice bad'} role={n().ok ? 'status' : 'alert'}>
            {n().text}
          </p>
        )}
      </Show>
      <div class={selected() ? 'split' : undefined}>
        <section class="card">
          <div class="card-head">
            <h2>Uploaded files</h2>
            <Show when={page()}>{(p) => <span class="muted small">{p().total} in all</span>}</Show>
          </div>
          <Show
            when={rows.artifacts.length > 0}
            fallback={<p class="muted">{list.loading() ? 'Loading…' : 'Nothing uploaded yet.'}</p>}
          >
            <ArtifactTable
              artifacts={rows.artifacts}
              selected={selectedId()}
              analysisConfigured={page()?.analysisConfigured ?? false}
              onSelect={(a) => setSelectedId(a.id)}
              onAnalyze={(a) => void analyze(a)}
              onDelete={setDeleting}
            />
          </Show>
          <Show when={(page()?.total ?? 0) > PAGE_SIZE}>
            <div class="toolbar">
              <button
                type="button"
                disabled={offset() === 0}
                onClick={() => {
                  setOffset(Math.max(0, offset() - PAGE_SIZE));
                  void list.refetch();
                }}
              >
                Newer
              </button>
              <button
                type="button"
                disabled={offset() + PAGE_SIZE >= (page()?.total ?? 0)}
                onClick={() => {
                  setOffset(offset() + PAGE_SIZE);
                  void list.refetch();
                }}
              >
                Older
              </button>
            </div>
          </Show>
        </section>
        <Show when={selected()}>
          {(a) => (
            <section class="card detail" aria-label={`Artifact ${a().fileName}`}>
              <div class="card-head">
                <h2>{a().fileName}</h2>
                <button type="button" class="link" onClick={() => setSelectedId(undefined)}>
                  Close
                </button>
              </div>
              <p class="muted small">
                {formatBytes(a().sizeBytes)} · {a().contentType} · uploaded by {a().uploadedBy}
              </p>
              <p class="small">
                SHA-256{' '}
                <code style={{ 'word-break': 'break-all' }} data-testid="artifact-sha256">
                  {a().sha256}
                </code>
              </p>
              <Show
                when={a().textLike}
                fallback={
                  <p class="muted">Only text files (logs, configs, compose) can be analysed.</p>
                }
              >
                <Show
                  when={a().analysisStatus !== 'none'}
                  fallback={<p class="muted">Not analysed yet.</p>}
                >
                  <ArtifactAnalysis artifact={a()} />
                </Show>
              </Show>
            </section>
          )}
        </Show>
      </div>
      <ConfirmDialog
        open={deleting() !== undefined}
        title="Delete this file?"
        confirmLabel="Delete"
        onConfirm={() => {
          const a = deleting();
          if (a) void remove(a);
        }}
        onCancel={() => setDeleting(undefined)}
      >
        <p>
          <strong>{deleting()?.fileName}</strong> and its analysis are removed for good.
        </p>
      </ConfirmDialog>
    </>
  );
}
