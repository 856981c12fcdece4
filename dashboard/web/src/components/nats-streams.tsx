import { For, Show } from 'solid-js';
import type { Health } from '../lib/api.ts';
import { formatBytes, formatMs } from '../lib/format.ts';
import { StatusDot } from './status-dot.tsx';

/** The bus: connection, each stream's size and sequences, and how far its consumers lag. */
export function NatsStreams(props: { nats: Health['nats'] }) {
  return (
    <>
      <p>
        <StatusDot
          level={props.nats.connected ? 'ok' : 'bad'}
          label={props.nats.connected ? 'connected' : 'disconnected'}
        />
        <span class="muted">
          {' '}
          {props.nats.server ?? ''} · round trip {formatMs(props.nats.rttMs)}
        </span>
      </p>
      <div class="table-wrap">
        <table class="table" aria-label="NATS streams">
          <thead>
            <tr>
              <th scope="col">Stream</th>
              <th scope="col">Messages</th>
              <th scope="col">Size</th>
              <th scope="col">Sequences</th>
              <th scope="col">Consumers (pending / unacked / redelivered)</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.nats.streams}>
              {(s) => (
                <tr>
                  <td>
                    <code>{s.name}</code>
                  </td>
                  <td>{s.messages}</td>
                  <td>{formatBytes(s.bytes)}</td>
                  <td>
                    {s.firstSeq}–{s.lastSeq}
                  </td>
                  <td class="small">
                    <For each={s.consumers} fallback={<span class="muted">none</span>}>
                      {(c) => (
                        <div class={c.pending > 100 ? 'error' : undefined}>
                          <code>{c.name}</code> {c.pending} / {c.ackPending} / {c.redelivered}
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
      <Show when={props.nats.streams.length === 0}>
        <p class="muted">No streams reported.</p>
      </Show>
    </>
  );
}
