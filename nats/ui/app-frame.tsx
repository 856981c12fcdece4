// The frame every service's UI puts around its pages: a skip link, the top bar
// (brand, the pages once logged in, who is logged in and Log out), the
// "cannot reach the service" alert with Retry, and "Loading…" until the
// service has said who is logged in. After moving to another page, keyboard
// and screen reader users start at its content.
import { createEffect, For, on, Show, type JSX } from 'solid-js';
import type { Router } from './route.ts';

export interface FramePage {
  href: string;
  label: string;
}

export interface FrameUser {
  /** The name shown in the top bar. */
  name: string;
  /** A hint on the name, e.g. "Twitch account" or "local account". */
  title?: string;
}

export interface AppFrameProps {
  /** The service's name as the brand link to `/`. */
  brand: string;
  router: Pick<Router, 'path' | 'navigate'>;
  /** The pages in the top bar, shown once logged in (not on the login page). */
  pages: readonly FramePage[];
  /** Who is logged in, or undefined. */
  user: FrameUser | undefined;
  /** Whether Log out is offered (a session that no login made cannot end). */
  canLogOut: boolean;
  onLogOut: () => void;
  /** Why the service could not be asked who is logged in, or undefined. */
  unreachable: string | undefined;
  /** "the service", "the dashboard service" … as the alert names it. */
  serviceLabel?: string;
  /** Classes of the alert, so it looks like the service's other notices. */
  alertClass?: string;
  onRetry: () => void;
  /** True once the service has said who is logged in; until then "Loading…". */
  ready: boolean;
  children: JSX.Element;
}

export function AppFrame(props: AppFrameProps) {
  createEffect(
    on(
      () => props.router.path(),
      () => document.getElementById('content')?.focus(),
      { defer: true },
    ),
  );

  return (
    <>
      <a class="skip" href="#content">
        Skip to content
      </a>
      <header class="topbar">
        <div class="topbar-inner">
          <a class="brand" href="/" onClick={(e) => props.router.navigate(e, '/')}>
            {props.brand}
          </a>
          <Show when={props.user && props.router.path() !== '/login'}>
            <nav aria-label="Pages">
              <For each={props.pages}>
                {(page) => (
                  <a
                    href={page.href}
                    aria-current={props.router.path() === page.href ? 'page' : undefined}
                    onClick={(e) => props.router.navigate(e, page.href)}
                  >
                    {page.label}
                  </a>
                )}
              </For>
            </nav>
          </Show>
          <Show when={props.user}>
            {(user) => (
              <div class="whoami">
                <span class="muted" title={user().title}>
                  {user().name}
                </span>
                <Show when={props.canLogOut}>
                  <button type="button" class="link" onClick={() => props.onLogOut()}>
                    Log out
                  </button>
                </Show>
              </div>
            )}
          </Show>
        </div>
      </header>
      <main id="content" tabindex="-1">
        <Show when={props.unreachable}>
          <p class={props.alertClass ?? 'error card'} role="alert">
            Cannot reach {props.serviceLabel ?? 'the service'}: {props.unreachable}{' '}
            <button type="button" class="link" onClick={() => props.onRetry()}>
              Retry
            </button>
          </p>
        </Show>
        <Show when={props.ready} fallback={<p class="muted">Loading…</p>}>
          {props.children}
        </Show>
      </main>
    </>
  );
}
