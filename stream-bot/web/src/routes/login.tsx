import { createEffect, Show } from 'solid-js';
import { LoginForm } from '../components/login-form.tsx';
import { TwitchSetup } from '../components/twitch-setup.tsx';
import { TWITCH_LOGIN_URL, type Me } from '../lib/api.ts';
import { go, searchParam } from '../lib/route.ts';
import { me, refreshMe } from '../lib/session.ts';

/** Where the user came from, if it is a page of this app. */
function nextPath(): string {
  const next = searchParam('next');
  return next?.startsWith('/') && !next.startsWith('//') && next !== '/login' ? next : '/';
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

/** /login: "Log in with Twitch" and the local form, or what to configure for them. */
export function LoginPage() {
  createEffect(() => {
    if (me()?.user) go(nextPath(), true);
  });
  const twitchError = searchParam('error');

  return (
    <section class="card narrow login">
      <h1>Log in</h1>
      <p class="muted">Manage the bot, its commands and timers, and see your chat's numbers.</p>
      <Show when={twitchError}>
        <p class="error" role="alert">
          Twitch login failed: {twitchError}
        </p>
      </Show>
      <Show when={me()}>
        {(info) => (
          <Show
            when={info().twitch.configured}
            fallback={
              <>
                <LocalLogin info={info()} />
                <div class="divider">
                  <span>Log in with Twitch</span>
                </div>
                <TwitchSetup missing={info().twitch.missing} />
              </>
            }
          >
            <a class="button twitch" href={TWITCH_LOGIN_URL}>
              Log in with Twitch
            </a>
            <p class="muted small">The bot chats as the Twitch account you log in with.</p>
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
