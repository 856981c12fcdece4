// Logging in and out of the dashboard: WEB_USERNAME / WEB_PASSWORD compared in
// constant time, a client address + user name locked out for a while after
// repeated failures, a fresh session (and cookie) on success.
import type { Logger } from '@homelab/nats/runtime';
import { localLogin, type LoginThrottle } from '@homelab/nats/web';
import { Hono } from 'hono';
import { z } from 'zod';
import type { UserStore } from '../db/user-store.ts';
import { readJson } from './errors.ts';
import { optionalUser, sessionKit, type WebSessionStore } from './session.ts';

export interface AuthDeps {
  users: UserStore;
  sessions: WebSessionStore;
  throttle: LoginThrottle;
  publicUrl: string;
  local: { username: string; password: string };
  /** Logins, failures and lock-outs (never a password). */
  log?: Logger;
}

const loginBody = z.object({
  username: z.string().max(200),
  password: z.string().max(1000),
});

export function authRoutes(deps: AuthDeps) {
  const kit = sessionKit(deps);
  const login = localLogin({
    local: deps.local,
    throttle: deps.throttle,
    kit,
    ensureLocalUser: (username) => deps.users.ensureUser(username),
    otherLogin: 'set WEB_PASSWORD',
    log: deps.log,
  });
  return new Hono()
    .get('/me', (c) => c.json({ user: optionalUser(c) }))
    .post('/login', async (c) => login(c, await readJson(c, loginBody)))
    .post('/logout', async (c) => {
      await kit.end(c);
      return c.body(null, 204);
    });
}
