import { For, Show } from 'solid-js';
import type { Guild } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

export function GuildList(props: { guilds: Guild[] | undefined; error: string | undefined }) {
  return (
    <section class="card">
      <h2>Guilds</h2>
      <Show when={props.error}>
        <p class="error">Cannot load guilds: {props.error}</p>
      </Show>
      <Show when={props.guilds}>
        {(guilds) => (
          <Show
            when={guilds().length > 0}
            fallback={<p class="muted">The bot is not in any guild yet.</p>}
          >
            <ul class="list">
              <For each={guilds()}>
                {(guild) => (
                  <li>
                    <strong>{guild.name}</strong>
                    <span class="muted">
                      {guild.memberCount} members · joined {formatAgo(guild.joinedAt)}
                    </span>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}
