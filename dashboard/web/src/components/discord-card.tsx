import { For, Show } from 'solid-js';
import type { Guild, ModerationAction, ReadModelView } from '../lib/api.ts';
import { formatAgo, formatDuration } from '../lib/format.ts';
import type { Polled } from '../lib/poll.ts';
import { FreshnessBadge } from './freshness-badge.tsx';
import { LoadError } from './load-error.tsx';

/** discord-bot at a glance: the guilds it is in and the latest moderation. */
export function DiscordCard(props: {
  guilds: Polled<ReadModelView<{ guilds: Guild[] }>>;
  moderation: Polled<ReadModelView<{ actions: ModerationAction[] }>>;
}) {
  const guildName = (id: string) =>
    props.guilds.value()?.data.guilds.find((g) => g.guildId === id)?.name ?? id;
  return (
    <section class="card" data-testid="discord">
      <div class="card-head">
        <h2>Discord</h2>
        <Show when={props.guilds.value()}>{(view) => <FreshnessBadge view={view()} />}</Show>
      </div>
      <h3>Guilds</h3>
      <Show when={props.guilds.value()}>
        {(view) => (
          <Show
            when={view().data.guilds.length > 0}
            fallback={<p class="muted">The bot is in no guild.</p>}
          >
            <ul class="list">
              <For each={view().data.guilds}>
                {(g) => (
                  <li>
                    <span>{g.name}</span>
                    <span class="muted small">{g.memberCount} members</span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <LoadError error={props.guilds.error()} />
      <h3>Recent moderation</h3>
      <Show when={props.moderation.value()}>
        {(view) => (
          <Show
            when={view().data.actions.length > 0}
            fallback={<p class="muted">No moderation actions.</p>}
          >
            <ul class="list">
              <For each={view().data.actions.slice(0, 5)}>
                {(a) => (
                  <li>
                    <span>
                      <strong>{a.action}</strong> {a.target.username}
                      {a.durationSeconds ? ` for ${formatDuration(a.durationSeconds)}` : ''}
                      <span class="muted"> by {a.moderator.username}</span>
                      <Show when={a.reason}>
                        <span class="small"> · {a.reason}</span>
                      </Show>
                    </span>
                    <span class="muted small">
                      {guildName(a.guildId)} · {formatAgo(a.createdAt)}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <LoadError error={props.moderation.error()} />
    </section>
  );
}
