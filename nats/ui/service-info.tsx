import { Show } from 'solid-js';
import { formatDuration } from './format.ts';

/** What every service's GET /api/info answers. */
export interface ServiceInfo {
  service: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  database: { kind: string };
  nats: { status: string };
}

/** The service's name, version, uptime, database and NATS connection, or why it cannot say. */
export function ServiceInfoCard(props: {
  info: ServiceInfo | undefined;
  error: string | undefined;
}) {
  const natsOk = () => props.info?.nats.status === 'connected';
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
              <span class="status">
                <span class={natsOk() ? 'dot dot-ok' : 'dot dot-bad'} aria-hidden="true" />
                {info().nats.status}
              </span>
            </dd>
          </dl>
        )}
      </Show>
    </section>
  );
}
