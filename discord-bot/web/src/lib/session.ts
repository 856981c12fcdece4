// Who is logged in, as the whole app sees it (@homelab/nats/ui's session):
// /api/auth/me is asked once at start and after logging in or out; a 401 from
// any call clears the user and shows the login page, remembering where the
// user was.
import { createSession } from '@homelab/nats/ui';
import { api, fetchMe, logout as apiLogout, type Me } from './api.ts';
import { router } from './route.ts';

/** When the service has no auth routes yet, the app runs without a login. */
const NO_AUTH: Me = {
  user: { id: 'local', username: 'local', displayName: 'local', discordId: null },
  discord: { configured: false, missing: [] },
  local: { enabled: false },
};

export const session = createSession({
  api,
  router,
  fetchMe,
  logout: apiLogout,
  noAuth: NO_AUTH,
});
export const { me, meError, refreshMe, logout } = session;
