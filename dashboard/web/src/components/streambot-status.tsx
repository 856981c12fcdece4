import { Show } from 'solid-js';
import type { StreambotStatus } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';
import { StatusDot } from './status-dot.tsx';

/** Whether stream-bot's chat bot is connected, and to which channels. */
export function StreambotStatusView(props: { data: StreambotStatus }) {
  return (
    <dl class="details">
      <dt>Chat</dt>
      <dd>
        <StatusDot
          level={props.data.connected ? 'ok' : 'off'}
          label={props.data.connected ? 'connected' : 'not connected'}
        />
      </dd>
      <dt>Channels</dt>
      <dd>
        {props.data.channels.length > 0 ? (
          props.data.channels.join(', ')
        ) : (
          <span class="muted">none</span>
        )}
      </dd>
      <Show when={props.data.connectedSince}>
        {(since) => (
          <>
            <dt>Since</dt>
            <dd>{formatAgo(since())}</dd>
          </>
        )}
      </Show>
    </dl>
  );
}
