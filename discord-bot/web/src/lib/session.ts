// Who is logged in, as the whole app sees it. /api/auth/me is asked once at
// start and after logging in or out; a 401 from any call clears the user and
// shows the login page, remembering where the user was.
import { createSignal } from 'solid-js';
import { ApiError, fetchMe, logout as apiLogout, onUnauthorized, type Me } from './api.ts';
import { go, path } from './route.ts';

/** When the service has no auth routes yet, the app runs without a login. */
const NO_AUTH: Me = {
  user: { id: 'local', username: 'local', displayName: 'local', discordId: null },
  discord: { configured: false, missing: [] },
  local: { enabled: false },
};

const [me, setMe] = createSignal<Me>();
const [meError, setMeError] = createSignal<string>();

export { me, meError };

export async function refreshMe(): Promise<Me | undefined> {
  try {
    const next = await fetchMe();
    setMe(next);
    setMeError(undefined);
    return next;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      setMe(NO_AUTH);
      return NO_AUTH;
    }
    setMeError(err instanceof Error ? err.message : String(err));
    return undefined;
  }
}

export function loginPath(): string {
  const here = path() + window.location.search;
  return path() === '/login' || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}

onUnauthorized(() => {
  const current = me();
  if (current) setMe({ ...current, user: null });
  if (path() !== '/login') go(loginPath());
});

export async function logout(): Promise<void> {
  try {
    await apiLogout();
  } finally {
    await refreshMe();
    go('/login');
  }
}
