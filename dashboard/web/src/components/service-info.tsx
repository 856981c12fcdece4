import { Show } from 'solid-js';
import type { ServiceInfo } from '../lib/api.ts';
import { formatDuration } from '../lib/format.ts';
import { StatusDot } from './status-dot.tsx';

export function ServiceInfoCard(props: {
  info: ServiceInfo | undefined;
  error: string | undefined;
}) {
  return (
    <section class="card">
      <h2>Service</h2>
      <Show when={props.error}>
        <p class="error">Cannot reach the service: {props.error}</p>
      </Show>
      <Show when={props.info}>
        {(info) => (
          <dl class="details">
            <dt>Name</dt>
            <dd>{info().service}</dd>
            <dt>Version</dt>
            <dd>{info().version}</dd>
            <dt>Up for</dt>
            <dd>{formatDuration(info().uptimeSeconds)}</dd>
            <dt>Database</dt>
            <dd>{info().database.kind}</dd>
            <dt>NATS</dt>
            <dd>
              <StatusDot ok={info().nats.status === 'connected'} label={info().nats.status} />
            </dd>
          </dl>
        )}
      </Show>
    </section>
  );
}
