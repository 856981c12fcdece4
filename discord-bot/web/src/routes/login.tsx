import { createEffect, Show } from 'solid-js';
import { LocalLogin, safeNext } from '@homelab/nats/ui';
import { DiscordSetup } from '../components/discord-setup.tsx';
import { DISCORD_LOGIN_URL, login } from '../lib/api.ts';
import { go, searchParam } from '../lib/route.ts';
import { me, refreshMe } from '../lib/session.ts';

/** /login: "Log in with Discord" and the local form, or what to configure for them. */
export function LoginPage() {
  createEffect(() => {
    if (me()?.user) go(safeNext(searchParam('next')), true);
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
                <LocalLogin
                  enabled={info().local.enabled}
                  login={login}
                  onLoggedIn={() => void refreshMe()}
                />
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
            <a class="button provider" href={DISCORD_LOGIN_URL}>
              Log in with Discord
            </a>
            <p class="muted small">You see the servers where you have Manage Server.</p>
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
