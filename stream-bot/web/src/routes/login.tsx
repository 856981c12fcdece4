import { createEffect, Show } from 'solid-js';
import { LocalLogin, safeNext } from '@homelab/nats/ui';
import { TwitchSetup } from '../components/twitch-setup.tsx';
import { login, TWITCH_LOGIN_URL } from '../lib/api.ts';
import { go, searchParam } from '../lib/route.ts';
import { me, refreshMe } from '../lib/session.ts';

/** /login: "Log in with Twitch" and the local form, or what to configure for them. */
export function LoginPage() {
  createEffect(() => {
    if (me()?.user) go(safeNext(searchParam('next')), true);
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
                <LocalLogin
                  enabled={info().local.enabled}
                  login={login}
                  onLoggedIn={() => void refreshMe()}
                />
                <div class="divider">
                  <span>Log in with Twitch</span>
                </div>
                <TwitchSetup missing={info().twitch.missing} />
              </>
            }
          >
            <a class="button provider" href={TWITCH_LOGIN_URL}>
              Log in with Twitch
            </a>
            <p class="muted small">The bot chats as the Twitch account you log in with.</p>
            <div class="divider">
              <span>or with the local account</span>
            </div>
            <LocalLogin
              enabled={info().local.enabled}
              login={login}
              onLoggedIn={() => void refreshMe()}
            />
          </Show>
        )}
      </Show>
    </section>
  );
}
