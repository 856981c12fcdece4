import { createEffect, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { LoadError } from '../components/load-error.tsx';
import { NasShareCard } from '../components/nas-share-card.tsx';
import { NasShareForm } from '../components/nas-share-form.tsx';
import { fetchNasShares, type NasShare, type NasShareWithStatus } from '../lib/nas-api.ts';
import { createPolled } from '../lib/poll.ts';

/** /nas: the SMB and NFS shares, whether their servers answer, their mounts and free space. */
export function NasPage() {
  const list = createPolled(fetchNasShares, 15_000);
  // 'new' for the add form, a share for its edit form.
  const [editing, setEditing] = createSignal<'new' | NasShare>();
  const [note, setNote] = createSignal<string>();
  // Merged by id, so a poll updates a card (and keeps its error or open dialog) instead of redrawing it.
  const [seen, setSeen] = createStore<{ shares: NasShareWithStatus[] }>({ shares: [] });
  createEffect(() => {
    const answer = list.value();
    if (answer) setSeen('shares', reconcile(answer.shares, { key: 'id' }));
  });
  const mountRoot = () => list.value()?.mountRoot ?? '/mnt/homelab';
  const changed = (text: string) => {
    setNote(text);
    setEditing(undefined);
    void list.refetch();
  };

  return (
    <>
      <div class="page-head">
        <h1>NAS shares</h1>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          Add share
        </button>
      </div>
      <LoadError error={list.error()} retry={() => void list.refetch()} />
      <Show when={note()}>
        <p class="notice ok" role="status">
          {note()}
        </p>
      </Show>
      <Show when={editing()} keyed>
        {(target) => (
          <section class="card">
            <h2>{target === 'new' ? 'Add a share' : `Edit ${target.name}`}</h2>
            <NasShareForm
              share={target === 'new' ? undefined : target}
              mountRoot={mountRoot()}
              onSaved={(s) => changed(`${s.name}: saved`)}
              onCancel={() => setEditing(undefined)}
            />
          </section>
        )}
      </Show>
      <Show when={list.value()}>
        {(answer) => (
          <div class="stack">
            <Show
              when={seen.shares.length > 0}
              fallback={
                <p class="muted">
                  No shares yet. Add one: SMB or NFS, mounted under {answer().mountRoot}.
                </p>
              }
            >
              <For each={seen.shares}>
                {(share) => (
                  <NasShareCard
                    share={share}
                    onEdit={() => setEditing(share)}
                    onChanged={changed}
                  />
                )}
              </For>
            </Show>
          </div>
        )}
      </Show>
      <Show when={list.loading()}>
        <p class="muted">Checking the shares…</p>
      </Show>
    </>
  );
}
