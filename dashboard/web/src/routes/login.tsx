import { createEffect } from 'solid-js';
import { LoginForm, safeNext } from '@homelab/nats/ui';
import { login } from '../lib/api.ts';
import { go, searchParam } from '../lib/route.ts';
import { session } from '../lib/session.ts';

/** /login: the dashboard's one account (WEB_USERNAME / WEB_PASSWORD). */
export function LoginPage() {
  createEffect(() => {
    if (session.me()?.user) go(safeNext(searchParam('next')), true);
  });
  return (
    <section class="card narrow login">
      <h1>Log in</h1>
      <p class="muted">
        The homelab at a glance: services, containers, health and everything on the bus.
      </p>
      <LoginForm login={login} onLoggedIn={() => void session.refreshMe()} />
      <p class="muted small">
        The account is set with <code>WEB_USERNAME</code> and <code>WEB_PASSWORD</code>.
      </p>
    </section>
  );
}
