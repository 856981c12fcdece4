import { AppFrame } from '@homelab/nats/ui';
import { createEffect, Match, onMount, Switch } from 'solid-js';
import { go, navigate, PAGES, path, router } from './lib/route.ts';
import { session } from './lib/session.ts';
import { JarvisPage } from './routes/jarvis.tsx';
import { ArtifactsPage } from './routes/artifacts.tsx';
import { NasPage } from './routes/nas.tsx';
import { PlexPage } from './routes/plex.tsx';
import { DeploymentsPage } from './routes/deployments.tsx';
import { JobsPage } from './routes/jobs.tsx';
import { ContainersPage } from './routes/containers.tsx';
import { FactsPage } from './routes/facts.tsx';
import { FeedPage } from './routes/feed.tsx';
import { HealthPage } from './routes/health.tsx';
import { LoginPage } from './routes/login.tsx';
import { OverviewPage } from './routes/overview.tsx';

export function App() {
  onMount(() => void session.refreshMe());

  // Logged out anywhere but the login page: go there, and come back afterwards.
  createEffect(() => {
    const me = session.me();
    if (me && !me.user && path() !== '/login') go(session.loginPath(), true);
  });

  // The tab says which page is open (and screen readers announce it).
  createEffect(() => {
    const page = path() === '/login' ? 'Log in' : PAGES.find((p) => p.href === path())?.label;
    document.title = page ? `${page} · dashboard` : 'dashboard';
  });

  return (
    <AppFrame
      brand="homelab"
      router={router}
      pages={PAGES}
      user={frameUser(session.me()?.user)}
      canLogOut={true}
      onLogOut={() => void session.logout()}
      unreachable={session.meError()}
      serviceLabel="the dashboard service"
      alertClass="notice bad"
      onRetry={() => void session.refreshMe()}
      ready={Boolean(session.me())}
    >
      <Switch fallback={<NotFound />}>
        <Match when={path() === '/login' || !session.loggedIn()}>
          <LoginPage />
        </Match>
        <Match when={path() === '/'}>
          <OverviewPage />
        </Match>
        <Match when={path() === '/facts'}>
          <FactsPage />
        </Match>
        <Match when={path() === '/feed'}>
          <FeedPage />
        </Match>
        <Match when={path() === '/containers'}>
          <ContainersPage />
        </Match>
        <Match when={path() === '/health'}>
          <HealthPage />
        </Match>
        <Match when={path() === '/deployments'}>
          <DeploymentsPage />
        </Match>
        <Match when={path() === '/jarvis'}>
          <JarvisPage />
        </Match>
        <Match when={path() === '/artifacts'}>
          <ArtifactsPage />
        </Match>
        <Match when={path() === '/nas'}>
          <NasPage />
        </Match>
        <Match when={path() === '/plex'}>
          <PlexPage />
        </Match>
        <Match when={path() === '/jobs'}>
          <JobsPage />
        </Match>
      </Switch>
    </AppFrame>
  );
}

const frameUser = (user: { username: string } | null | undefined) =>
  user ? { name: user.username } : undefined;

function NotFound() {
  return (
    <section class="card">
      <h1>Not found</h1>
      <p>
        There is no page at <code>{path()}</code>.{' '}
        <a href="/" onClick={(e) => navigate(e, '/')}>
          Back to the overview
        </a>
      </p>
    </section>
  );
}
