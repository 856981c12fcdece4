import { createEffect, Show } from 'solid-js';
import { DiscordSetup } from '../components/discord-setup.tsx';
import { LoginForm } from '../components/login-form.tsx';
import { DISCORD_LOGIN_URL, type Me } from '../lib/api.ts';
import { go, searchParam } from '../lib/route.ts';
import { me, refreshMe } from '../lib/session.ts';

/** Where the user came from, if it is a page of this app. */
function nextPath(): string {
  const next = searchParam('next');
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

function LocalLogin(props: { info: Me }) {
  return (
    <Show
      when={props.info.local.enabled}
      fallback={
        <p class="muted">
          Local login is off. Set <code>WEB_PASSWORD</code> (and <code>WEB_USERNAME</code>, default{' '}
          <code>admin</code>) to turn it on.
        </p>
      }
    >
      <LoginForm onLoggedIn={() => void refreshMe()} />
    </Show>
  );
}

/** /login: "Log in with Discord" and the local form, or what to configure for them. */
export function LoginPage() {
  createEffect(() => {
    if (me()?.user) go(nextPath(), true);
  });
  const discordError = searchParam('error');

  return (
    <section class="card narrow login">
      <h1>Log in</h1>
      <p class="muted">Manage tickets, roles, verification and moderation in your servers.</p>
      <Show when={discordError}>
        <p class="error" role="alert">
          Discord login failed: {discordError}
        </p>
      </Show>
      <Show when={me()}>
        {(info) => (
          <Show
            when={info().discord.configured}
            fallback={
              <>
                <LocalLogin info={info()} />
                <div class="divider">
                  <span>Log in with Discord</span>
                </div>
                <DiscordSetup
                  missing={info().discord.missing}
                  redirectUri={info().discord.redirectUri}
                />
              </>
            }
          >
            <a class="button discord" href={DISCORD_LOGIN_URL}>
              Log in with Discord
            </a>
            <p class="muted small">You see the servers where you have Manage Server.</p>
            <div class="divider">
              <span>or with the local account</span>
            </div>
            <LocalLogin info={info()} />
          </Show>
        )}
      </Show>
    </section>
  );
}
