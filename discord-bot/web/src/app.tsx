import { createEffect, Match, onMount, Show, Switch } from 'solid-js';
import { go, guildRoute, navigate, path } from './lib/route.ts';
import { logout, me, meError, refreshMe } from './lib/session.ts';
import { guilds } from './lib/guilds.ts';
import { GUILD_TABS, GuildPage } from './routes/guild.tsx';
import { HomePage } from './routes/home.tsx';
import { LoginPage } from './routes/login.tsx';
import { loaded } from './lib/resource.ts';

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
    <>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/" onClick={(e) => navigate(e, '/')}>
            discord-bot
          </a>
          <Show when={loggedIn() && path() !== '/login'}>
            <nav aria-label="Pages">
              <a
                href="/"
                aria-current={path() === '/' ? 'page' : undefined}
                onClick={(e) => navigate(e, '/')}
              >
                Servers
              </a>
            </nav>
          </Show>
          <Show when={me()?.user}>
            {(user) => (
              <div class="whoami">
                <span class="muted" title={user().discordId ? 'Discord account' : 'local account'}>
                  {user().displayName}
                </span>
                <Show when={me()?.local.enabled || me()?.discord.configured}>
                  <button type="button" class="link" onClick={() => void logout()}>
                    Log out
                  </button>
                </Show>
              </div>
            )}
          </Show>
        </div>
      </header>
      <main>
        <Show when={meError()}>
          <p class="error card" role="alert">
            Cannot reach the service: {meError()}{' '}
            <button type="button" class="link" onClick={() => void refreshMe()}>
              Retry
            </button>
          </p>
        </Show>
        <Show when={me()} fallback={<p class="muted">Loading…</p>}>
          <Switch fallback={<HomePage />}>
            <Match when={path() === '/login' || !loggedIn()}>
              <LoginPage />
            </Match>
            <Match when={guildRoute(path())}>
              {(g) => <GuildPage guildId={g().guildId} tab={g().tab} item={g().item} />}
            </Match>
          </Switch>
        </Show>
      </main>
    </>
  );
}
