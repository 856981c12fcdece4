import { For, Show } from 'solid-js';
import type { FeedEvent, Health } from '../lib/api.ts';
import { formatAgo, formatDuration, formatMs } from '../lib/format.ts';
import { levelOf, StatusDot } from './status-dot.tsx';

const SERVICES = [
  { name: 'streambot', label: 'stream-bot' },
  { name: 'discord', label: 'discord-bot' },
  { name: 'dashboard', label: 'dashboard' },
];

/**
 * One tile per service: its health target's status (from /api/health, kept
 * current by health.changed events), version and uptime, and when the live
 * feed last heard from it.
 */
export function ServiceTiles(props: {
  health: Health | undefined;
  lastEvent: Record<string, FeedEvent | undefined>;
}) {
  const target = (name: string) =>
    props.health?.targets.find((t) => t.target === `service:${name}`);
  const instance = (name: string) =>
    props.health?.services.find((s) => s.name === name)?.instances[0];

  return (
    <ul class="tiles" aria-label="Services">
      <For each={SERVICES}>
        {(service) => (
          <li class="tile" data-testid={`tile-${service.name}`}>
            <div class="tile-head">
              <strong>{service.label}</strong>
              <StatusDot
                level={levelOf(target(service.name)?.status)}
                label={target(service.name)?.status ?? 'unknown'}
              />
            </div>
            <Show
              when={instance(service.name)}
              fallback={<p class="muted small">No instance answered the last ping.</p>}
            >
              {(i) => (
                <p class="small muted">
                  v{i().version} · up {formatDuration(i().uptimeSeconds)} · ping{' '}
                  {formatMs(i().pingMs)}
                </p>
              )}
            </Show>
            <p class="small">
              <Show
                when={props.lastEvent[service.name]}
                fallback={<span class="muted">No events yet</span>}
              >
                {(e) => (
                  <>
                    Last event <code>{e().type}</code>{' '}
                    <span class="muted">{formatAgo(e().occurredAt)}</span>
                  </>
                )}
              </Show>
            </p>
          </li>
        )}
      </For>
    </ul>
  );
}
