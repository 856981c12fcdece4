// Who is logged in: asked once at start and after logging in or out; a 401
// from any call sends the user to the login page (and back afterwards).
import { createSession } from '@homelab/nats/ui';
import { api, fetchMe, logout as apiLogout } from './api.ts';
import { router } from './route.ts';

export const session = createSession({
  api,
  router,
  fetchMe,
  logout: apiLogout,
});
