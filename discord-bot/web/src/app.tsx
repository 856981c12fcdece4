import { AppFrame } from '@homelab/nats/ui';
import { createEffect, Match, onMount, Switch } from 'solid-js';
import { go, guildRoute, path, router } from './lib/route.ts';
import { logout, me, meError, refreshMe } from './lib/session.ts';
import { guilds } from './lib/guilds.ts';
import { GUILD_TABS, GuildPage } from './routes/guild.tsx';
import { HomePage } from './routes/home.tsx';
import { LoginPage } from './routes/login.tsx';
import { loaded } from './lib/resource.ts';

const SERVERS_PAGE = [{ href: '/', label: 'Servers' }];

export function App() {
  onMount(() => void refreshMe());

  // Logged out anywhere but the login page: go there, and come back afterwards.
  createEffect(() => {
    const current = me();
    if (current && !current.user && path() !== '/login') {
      go(`/login?next=${encodeURIComponent(path() + window.location.search)}`, true);
    }
  });

  // The tab says which page is open (and screen readers announce it).
  createEffect(() => {
    const g = guildRoute(path());
    let page: string | undefined;
    if (path() === '/login') page = 'Log in';
    else if (g) {
      const name = loaded(guilds)?.find((x) => x.guildId === g.guildId)?.name ?? 'Server';
      const tab = g.item ? 'Ticket' : GUILD_TABS.find((t) => t.tab === g.tab)?.label;
      page = `${tab ?? ''} · ${name}`;
    }
    document.title = page ? `${page} · discord-bot` : 'discord-bot';
  });

  const loggedIn = () => Boolean(me()?.user);

  return (
    <AppFrame
      brand="discord-bot"
      router={router}
      pages={SERVERS_PAGE}
      user={frameUser(me()?.user)}
      canLogOut={Boolean(me()?.local.enabled || me()?.discord.configured)}
      onLogOut={() => void logout()}
      unreachable={meError()}
      onRetry={() => void refreshMe()}
      ready={Boolean(me())}
    >
      <Switch fallback={<HomePage />}>
        <Match when={path() === '/login' || !loggedIn()}>
          <LoginPage />
        </Match>
        <Match when={guildRoute(path())}>
          {(g) => <GuildPage guildId={g().guildId} tab={g().tab} item={g().item} />}
        </Match>
      </Switch>
    </AppFrame>
  );
}

function frameUser(user: { displayName: string; discordId: string | null } | null | undefined) {
  return user
    ? { name: user.displayName, title: user.discordId ? 'Discord account' : 'local account' }
    : undefined;
}
