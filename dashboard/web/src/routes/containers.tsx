import { createEffect, createSignal, For, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { ApiError } from '@homelab/nats/ui';
import { ActionHistory } from '../components/action-history.tsx';
import { ContainerDetail } from '../components/container-detail.tsx';
import { ContainerTable } from '../components/container-table.tsx';
import { EngineBanner } from '../components/engine-banner.tsx';
import { LoadError } from '../components/load-error.tsx';
import { fetchActions, fetchContainers, type Container, type DockerHost } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { createPolled } from '../lib/poll.ts';

/** /containers: every Docker host's containers, their actions, and one container's detail. */
export function ContainersPage() {
  const [all, setAll] = createSignal(true);
  const list = createPolled(() => fetchContainers(all()), 10_000);
  const actions = createPolled(() => fetchActions(10), 30_000);
  const [selected, setSelected] = createSignal<Container>();
  const [note, setNote] = createSignal<string>();
  // Each answer is merged into the rows on screen by id, so a poll keeps a row (and an open
  // confirmation dialog or the detail panel) instead of drawing it anew.
  const [seen, setSeen] = createStore<{ hosts: DockerHost[]; containers: Container[] }>({
    hosts: [],
    containers: [],
  });
  createEffect(() => {
    const answer = list.value();
    if (!answer) return;
    setSeen('hosts', reconcile(answer.hosts, { key: 'name' }));
    setSeen('containers', reconcile(answer.containers, { key: 'id' }));
  });

  // A 503 means no engine at all: its message names the address and the fix.
  const unavailable = () => {
    const err = list.error();
    return err instanceof ApiError && err.status === 503 ? errorText(err) : undefined;
  };
  const otherError = () => (unavailable() ? undefined : list.error());
  const hosts = () => seen.hosts;
  const byHost = (host: string) => seen.containers.filter((c) => c.host === host);
  const done = (text: string) => {
    setNote(text);
    void list.refetch();
    void actions.refetch();
  };

  return (
    <>
      <div class="page-head">
        <h1>Containers</h1>
        <label class="check">
          <input
            type="checkbox"
            checked={all()}
            onChange={(e) => {
              setAll(e.currentTarget.checked);
              void list.refetch();
            }}
          />
          Show stopped containers
        </label>
      </div>
      <EngineBanner hosts={unavailable() ? [] : hosts()} unavailable={unavailable()} />
      <LoadError error={otherError()} retry={() => void list.refetch()} />
      <Show when={note()}>
        <p class="notice ok" role="status">
          {note()}
        </p>
      </Show>
      <div class={selected() ? 'split' : undefined}>
        <div class="stack">
          <For each={unavailable() ? [] : hosts().filter((h) => h.reachable)}>
            {(host) => (
              <section class="card" data-testid={`host-${host.name}`}>
                <div class="card-head">
                  <h2>
                    {host.name} <span class="muted small">{host.address}</span>
                  </h2>
                  <span class="muted small">Docker {host.version ?? '?'}</span>
                </div>
                <Show
                  when={byHost(host.name).length > 0}
                  fallback={<p class="muted">No containers.</p>}
                >
                  <ContainerTable
                    host={host.name}
                    containers={byHost(host.name)}
                    selected={selected()?.id}
                    onSelect={setSelected}
                    onDone={done}
                  />
                </Show>
              </section>
            )}
          </For>
          <section class="card">
            <h2>Recent actions</h2>
            <Show when={actions.value()}>{(a) => <ActionHistory actions={a().actions} />}</Show>
            <LoadError error={actions.error()} />
          </section>
        </div>
        <Show when={selected()} keyed>
          {(c) => <ContainerDetail container={c} onClose={() => setSelected(undefined)} />}
        </Show>
      </div>
    </>
  );
}
