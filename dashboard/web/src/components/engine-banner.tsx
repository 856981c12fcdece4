import { For, Show } from 'solid-js';
import type { DockerHost } from '../lib/api.ts';

/**
 * Says plainly when no Docker engine (or some of them) could be reached, with
 * the service's message — it names the address and how to fix it.
 */
export function EngineBanner(props: { hosts: DockerHost[]; unavailable?: string }) {
  const down = () => props.hosts.filter((h) => !h.reachable);
  return (
    <>
      <Show when={props.unavailable}>
        <div class="banner banner-bad" role="alert" data-testid="engine-banner">
          <strong>No Docker engine reachable.</strong>
          <p>{props.unavailable}</p>
        </div>
      </Show>
      <Show when={!props.unavailable && down().length > 0}>
        <div class="banner banner-warn" role="alert" data-testid="engine-banner">
          <strong>
            {down().length === props.hosts.length
              ? 'No Docker engine reachable.'
              : 'Some Docker hosts are unreachable.'}
          </strong>
          <ul>
            <For each={down()}>
              {(h) => (
                <li>
                  <code>{h.name}</code> at <code>{h.address}</code>: {h.error ?? 'no answer'}
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
    </>
  );
}
