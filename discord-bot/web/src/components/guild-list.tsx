import { For, Show } from 'solid-js';
import type { Guild } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';
import { navigate } from '../lib/route.ts';

function iconUrl(guild: Guild): string | undefined {
  return guild.icon
    ? `https://cdn.discordapp.com/icons/${guild.guildId}/${guild.icon}.png?size=64`
    : undefined;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 3)
    .toUpperCase();
}

export function GuildList(props: { guilds: Guild[] | undefined; error: string | undefined }) {
  return (
    <section class="card" data-testid="guilds">
      <h2>Servers</h2>
      <Show when={props.error}>
        <p class="error">Cannot load servers: {props.error}</p>
      </Show>
      <Show when={props.guilds}>
        {(guilds) => (
          <Show
            when={guilds().length > 0}
            fallback={
              <p class="muted">
                No servers yet. Invite the bot to a server where you have Manage Server; it shows up
                here once it has joined.
              </p>
            }
          >
            <ul class="guilds">
              <For each={guilds()}>
                {(guild) => (
                  <li>
                    <a
                      href={`/guilds/${guild.guildId}`}
                      onClick={(e) => navigate(e, `/guilds/${guild.guildId}`)}
                    >
                      <Show
                        when={iconUrl(guild)}
                        fallback={
                          <span class="guild-icon" aria-hidden="true">
                            {initials(guild.name)}
                          </span>
                        }
                      >
                        {(src) => <img class="guild-icon" src={src()} alt="" />}
                      </Show>
                      <span>
                        <strong>{guild.name}</strong>
                        <span class="muted small">
                          {guild.memberCount} members · joined {formatAgo(guild.joinedAt)}
                        </span>
                      </span>
                    </a>
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
