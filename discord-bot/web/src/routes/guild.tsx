import { For, Match, Show, Switch } from 'solid-js';
import { guilds } from '../lib/guilds.ts';
import { navigate } from '../lib/route.ts';
import { ModerationPage } from './moderation.tsx';
import { RolePanelsPage } from './role-panels.tsx';
import { SettingsPage } from './settings.tsx';
import { TicketPage } from './ticket.tsx';
import { TicketsPage } from './tickets.tsx';
import { loaded } from '../lib/resource.ts';

export const GUILD_TABS = [
  { tab: 'tickets', label: 'Tickets' },
  { tab: 'settings', label: 'Settings' },
  { tab: 'roles', label: 'Role panels' },
  { tab: 'moderation', label: 'Moderation' },
];

/** /guilds/:id/…: the server's name, its tabs and the open tab. */
export function GuildPage(props: { guildId: string; tab: string; item?: string }) {
  const guild = () => loaded(guilds)?.find((g) => g.guildId === props.guildId);
  const href = (tab: string) => `/guilds/${props.guildId}/${tab}`;

  return (
    <>
      <div class="guild-head">
        <h1>{guild()?.name ?? props.guildId}</h1>
        <nav aria-label="Server pages" class="tabs">
          <For each={GUILD_TABS}>
            {(t) => (
              <a
                href={href(t.tab)}
                aria-current={props.tab === t.tab ? 'page' : undefined}
                onClick={(e) => navigate(e, href(t.tab))}
              >
                {t.label}
              </a>
            )}
          </For>
        </nav>
      </div>
      <Show when={loaded(guilds) && !guild()}>
        <p class="notice">
          This server is not in your list: the bot may have left it, or you lack Manage Server
          there.
        </p>
      </Show>
      {/* Keyed on the guild, so switching servers reloads every part. */}
      <Show when={props.guildId} keyed>
        {(id) => (
          <Switch fallback={<p class="error">No such page.</p>}>
            <Match when={props.tab === 'tickets' && props.item}>
              {(item) => <TicketPage guildId={id} ticketId={item()} />}
            </Match>
            <Match when={props.tab === 'tickets'}>
              <TicketsPage guildId={id} />
            </Match>
            <Match when={props.tab === 'settings'}>
              <SettingsPage guildId={id} />
            </Match>
            <Match when={props.tab === 'roles'}>
              <RolePanelsPage guildId={id} />
            </Match>
            <Match when={props.tab === 'moderation'}>
              <ModerationPage guildId={id} />
            </Match>
          </Switch>
        )}
      </Show>
    </>
  );
}
