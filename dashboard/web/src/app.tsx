import { createEffect, For, Match, onMount, Show, Switch } from 'solid-js';
import { go, navigate, PAGES, path } from './lib/route.ts';
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

  // After moving to another page, keyboard and screen reader users start at its content.
  let first = true;
  createEffect(() => {
    path();
    if (first) first = false;
    else document.getElementById('content')?.focus();
  });

  // The tab says which page is open (and screen readers announce it).
  createEffect(() => {
    const page = path() === '/login' ? 'Log in' : PAGES.find((p) => p.href === path())?.label;
    document.title = page ? `${page} · dashboard` : 'dashboard';
  });

  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/" onClick={(e) => navigate(e, '/')}>
            homelab
          </a>
          <Show when={session.loggedIn() && path() !== '/login'}>
            <nav aria-label="Pages">
              <For each={PAGES}>
                {(page) => (
                  <a
                    href={page.href}
                    aria-current={path() === page.href ? 'page' : undefined}
                    onClick={(e) => navigate(e, page.href)}
                  >
                    {page.label}
                  </a>
                )}
              </For>
            </nav>
          </Show>
          <Show when={session.me()?.user}>
            {(user) => (
              <div class="whoami">
                <span class="muted">{user().username}</span>
                <button type="button" class="link" onClick={() => void session.logout()}>
                  Log out
                </button>
              </div>
            )}
          </Show>
        </div>
      </header>
      <main id="content" tabindex="-1">
        <Show when={session.meError()}>
          <p class="notice bad" role="alert">
            Cannot reach the dashboard service: {session.meError()}{' '}
            <button type="button" class="link" onClick={() => void session.refreshMe()}>
              Retry
            </button>
          </p>
        </Show>
        <Show when={session.me()} fallback={<p class="muted">Loading…</p>}>
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
        </Show>
      </main>
    </>
  );
}

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
