// Who is logged in, as the whole app sees it. The "me" route is asked once at
// start and after logging in or out; a 401 from any call clears the user and
// shows the login page, remembering where the user was. A service without
// auth routes (404) runs without a login, as `noAuth` says.
import { createSignal, type Accessor } from 'solid-js';
import { ApiError, errorText, type ApiClient } from './api.ts';
import type { Router } from './route.ts';

export interface SessionOptions<M extends { user: unknown }> {
  api: ApiClient;
  router: Router;
  fetchMe(): Promise<M>;
  logout(): Promise<unknown>;
  /** What "me" is when the service has no auth routes; without it a 404 is an error. */
  noAuth?: M;
}

export interface Session<M extends { user: unknown }> {
  /** undefined until the first answer. */
  me: Accessor<M | undefined>;
  /** Set while the service cannot be asked (shown with a retry). */
  meError: Accessor<string | undefined>;
  loggedIn(): boolean;
  refreshMe(): Promise<M | undefined>;
  logout(): Promise<void>;
  /** /login, with ?next= the current page (and query) unless that is / or /login. */
  loginPath(): string;
}

export function createSession<M extends { user: unknown }>(options: SessionOptions<M>): Session<M> {
  const { router } = options;
  const [me, setMe] = createSignal<M>();
  const [meError, setMeError] = createSignal<string>();

  async function refreshMe(): Promise<M | undefined> {
    try {
      const next = await options.fetchMe();
      setMe(() => next);
      setMeError(undefined);
      return next;
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && options.noAuth) {
        const noAuth = options.noAuth;
        setMe(() => noAuth);
        return noAuth;
      }
      setMeError(errorText(err));
      return undefined;
    }
  }

  function loginPath(): string {
    const here = router.path() + window.location.search;
    return router.path() === '/login' || here === '/'
      ? '/login'
      : `/login?next=${encodeURIComponent(here)}`;
  }

  options.api.onUnauthorized(() => {
    const current = me();
    if (current) setMe(() => ({ ...current, user: null }));
    if (router.path() !== '/login') router.go(loginPath());
  });

  return {
    me,
    meError,
    loggedIn: () => Boolean(me()?.user),
    refreshMe,
    loginPath,
    async logout() {
      try {
        await options.logout();
      } finally {
        await refreshMe();
        router.go('/login');
      }
    },
  };
}
