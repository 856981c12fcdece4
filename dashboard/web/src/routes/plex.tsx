import { Show } from 'solid-js';
import { LoadError } from '../components/load-error.tsx';
import { PlexHistory } from '../components/plex-history.tsx';
import { PlexImportPanel } from '../components/plex-import-panel.tsx';
import { PlexPending } from '../components/plex-pending.tsx';
import { PlexStatusCard } from '../components/plex-status-card.tsx';
import { createPolled } from '../lib/poll.ts';
import { fetchImports, fetchPending, fetchPlexStatus } from '../lib/plex-api.ts';

/** /plex: setup, the files waiting with their Plex names, importing them, and past imports. */
export function PlexPage() {
  const status = createPolled(fetchPlexStatus, 30_000);
  const pending = createPolled(fetchPending, 15_000);
  const history = createPolled(() => fetchImports(), 30_000);
  const finished = () => {
    void pending.refetch();
    void history.refetch();
  };
  return (
    <>
      <div class="page-head">
        <h1>Plex import</h1>
      </div>
      <LoadError error={status.error()} retry={() => void status.refetch()} />
      <Show when={status.value()}>{(s) => <PlexStatusCard status={s()} />}</Show>
      <section class="card">
        <h2>Waiting in the import folder</h2>
        <LoadError error={pending.error()} retry={() => void pending.refetch()} />
        <Show when={pending.value()}>
          {(plan) => (
            <>
              <PlexPending plan={plan()} />
              <PlexImportPanel
                disabled={!status.value()?.configured}
                count={plan().files.length}
                onFinished={finished}
              />
            </>
          )}
        </Show>
      </section>
      <section class="card">
        <h2>History</h2>
        <LoadError error={history.error()} retry={() => void history.refetch()} />
        <Show when={history.value()}>{(h) => <PlexHistory runs={h().runs} />}</Show>
      </section>
    </>
  );
}
