import { For, Show } from 'solid-js';
import type { Health } from '../lib/api.ts';
import { formatDuration, formatMs } from '../lib/format.ts';

/** Every instance that answered $SRV.PING: version, uptime, ping and its endpoints' numbers. */
export function HealthServices(props: { services: Health['services'] }) {
  return (
    <Show
      when={props.services.length > 0}
      fallback={<p class="muted">No service answered the last ping.</p>}
    >
      <div class="table-wrap">
        <table class="table" aria-label="Service instances">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Version</th>
              <th scope="col">Up</th>
              <th scope="col">Ping</th>
              <th scope="col">Queries (requests / errors / avg)</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.services.flatMap((s) => s.instances.map((i) => ({ s, i })))}>
              {({ s, i }) => (
                <tr>
                  <td>
                    <strong>{s.name}</strong>
                    <div class="muted small">{i.id.slice(-8)}</div>
                  </td>
                  <td>{i.version}</td>
                  <td>{formatDuration(i.uptimeSeconds)}</td>
                  <td>{formatMs(i.pingMs)}</td>
                  <td class="small">
                    <For each={i.endpoints} fallback={<span class="muted">none</span>}>
                      {(e) => (
                        <div>
                          <code>{e.name}</code> {e.requests} / {e.errors} / {formatMs(e.averageMs)}
                        </div>
                      )}
                    </For>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
