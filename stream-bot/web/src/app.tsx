import { AppFrame } from '@homelab/nats/ui';
import { createEffect, Match, onMount, Switch } from 'solid-js';
import { go, path, router } from './lib/route.ts';
import { logout, me, meError, refreshMe } from './lib/session.ts';
import { AnalyticsPage } from './routes/analytics.tsx';
import { CommandsPage } from './routes/commands.tsx';
import { HomePage } from './routes/home.tsx';
import { LoginPage } from './routes/login.tsx';
import { SettingsPage } from './routes/settings.tsx';
import { SpotifyPage } from './routes/spotify.tsx';
import { TimersPage } from './routes/timers.tsx';
import { TriggerPage } from './routes/trigger.tsx';
import { YouTubePage } from './routes/youtube.tsx';

const PAGES = [
  { href: '/', label: 'Overview' },
  { href: '/trigger', label: 'Facts' },
  { href: '/commands', label: 'Commands' },
  { href: '/timers', label: 'Timers' },
  { href: '/analytics', label: 'Analytics' },
  { href: '/youtube', label: 'YouTube' },
  { href: '/spotify', label: 'Spotify' },
  { href: '/settings', label: 'Settings' },
];

export function App() {
  onMount(() => void refreshMe());

  // Logged out anywhere but the login page: go there, and come back afterwards.
  createEffect(() => {
    const current = me();
    if (current && !current.user && path() !== '/login') {
      go(`/login?next=${encodeURIComponent(path())}`, true);
    }
  });

  // The tab says which page is open (and screen readers announce it).
  createEffect(() => {
    const page = path() === '/login' ? 'Log in' : PAGES.find((p) => p.href === path())?.label;
    document.title = page ? `${page} · stream-bot` : 'stream-bot';
  });

  const loggedIn = () => Boolean(me()?.user);

  return (
    <AppFrame
      brand="stream-bot"
      router={router}
      pages={PAGES}
      user={frameUser(me()?.user)}
      canLogOut={Boolean(me()?.local.enabled || me()?.twitch.configured)}
      onLogOut={() => void logout()}
      unreachable={meError()}
      onRetry={() => void refreshMe()}
      ready={Boolean(me())}
    >
      <Switch fallback={<HomePage />}>
        <Match when={path() === '/login' || !loggedIn()}>
          <LoginPage />
        </Match>
        <Match when={path() === '/trigger'}>
          <TriggerPage />
        </Match>
        <Match when={path() === '/commands'}>
          <CommandsPage />
        </Match>
        <Match when={path() === '/timers'}>
          <TimersPage />
        </Match>
        <Match when={path() === '/analytics'}>
          <AnalyticsPage />
        </Match>
        <Match when={path() === '/youtube'}>
          <YouTubePage />
        </Match>
        <Match when={path() === '/spotify'}>
          <SpotifyPage />
        </Match>
        <Match when={path() === '/settings'}>
          <SettingsPage />
        </Match>
      </Switch>
    </AppFrame>
  );
}

function frameUser(user: { displayName: string; twitchId: string | null } | null | undefined) {
  return user
    ? { name: user.displayName, title: user.twitchId ? 'Twitch account' : 'local account' }
    : undefined;
}
