import { For, Show } from 'solid-js';
import type { Container } from '../lib/api.ts';
import { levelOf, StatusDot } from './status-dot.tsx';
import { ContainerActions } from './container-actions.tsx';

const ports = (c: Container) =>
  c.ports
    .map((p) =>
      p.publicPort ? `${p.publicPort}→${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`,
    )
    .join(', ');

/** One host's containers: state, image, ports, health and the actions. */
export function ContainerTable(props: {
  host: string;
  containers: Container[];
  selected: string | undefined;
  onSelect: (c: Container) => void;
  onDone: (note: string) => void;
}) {
  return (
    <div class="table-wrap">
      <table class="table containers" aria-label={`Containers on ${props.host}`}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">State</th>
            <th scope="col">Image</th>
            <th scope="col">Ports</th>
            <th scope="col">Health</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.containers}>
            {(c) => (
              <tr aria-selected={props.selected === c.id}>
                <td data-label="Name">
                  <button type="button" class="link" onClick={() => props.onSelect(c)}>
                    {c.name}
                  </button>
                  <Show when={c.stack}>
                    {' '}
                    <span class="pill" title="part of the platform's own stack">
                      stack
                    </span>
                  </Show>
                </td>
                <td data-label="State">
                  <StatusDot level={levelOf(c.state)} label={c.state} />
                  <div class="muted small">{c.status}</div>
                </td>
                <td data-label="Image">
                  <code>{c.image}</code>
                </td>
                <td data-label="Ports">{ports(c) || <span class="muted">—</span>}</td>
                <td data-label="Health">
                  <Show when={c.health} fallback={<span class="muted">—</span>}>
                    {(h) => <StatusDot level={levelOf(h())} label={h()} />}
                  </Show>
                </td>
                <td data-label="Actions">
                  <ContainerActions container={c} onDone={props.onDone} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
