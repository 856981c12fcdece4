import { createEffect, Show, type JSX } from 'solid-js';
import { LocalLogin } from './local-login.tsx';
import { safeNext, type Router } from './route.ts';
import type { Session } from './session.ts';

interface ProviderMe {
  user: unknown;
  local: { enabled: boolean };
}

/**
 * The login page of a service that logs in with another site (Twitch,
 * Discord) and with its local account: "Log in with <provider>" first when
 * the service has it configured, else the local form and what to set up for
 * the provider. The provider's refusal comes back as ?error=; once logged in
 * the page goes on to ?next=.
 */
export function ProviderLoginPage<M extends ProviderMe>(props: {
  provider: string;
  /** The server route that starts the provider's login (not a page of the app). */
  loginUrl: string;
  /** What the user can do once logged in. */
  intro: string;
  /** Said under the provider's button: what logging in with it means. */
  hint: string;
  session: Session<M>;
  router: Router;
  login: (username: string, password: string) => Promise<unknown>;
  configured: (me: M) => boolean;
  /** What to configure for the provider's login while it is off. */
  setup: (me: M) => JSX.Element;
}) {
  createEffect(() => {
    if (props.session.loggedIn()) props.router.go(safeNext(props.router.searchParam('next')), true);
  });
  const providerError = props.router.searchParam('error');
  const local = (me: M) => (
    <LocalLogin
      enabled={me.local.enabled}
      login={props.login}
      onLoggedIn={() => void props.session.refreshMe()}
    />
  );

  return (
    <section class="card narrow login">
      <h1>Log in</h1>
      <p class="muted">{props.intro}</p>
      <Show when={providerError}>
        <p class="error" role="alert">
          {`${props.provider} login failed: `}
          {providerError}
        </p>
      </Show>
      <Show when={props.session.me()}>
        {(me) => (
          <Show
            when={props.configured(me())}
            fallback={
              <>
                {local(me())}
                <div class="divider">
                  <span>{`Log in with ${props.provider}`}</span>
                </div>
                {props.setup(me())}
              </>
            }
          >
            <a class="button provider" href={props.loginUrl}>
              {`Log in with ${props.provider}`}
            </a>
            <p class="muted small">{props.hint}</p>
            <div class="divider">
              <span>or with the local account</span>
            </div>
            {local(me())}
          </Show>
        )}
      </Show>
    </section>
  );
}
