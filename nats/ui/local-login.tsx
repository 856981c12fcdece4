import { Show } from 'solid-js';
import { LoginForm } from './login-form.tsx';

/**
 * The local account's form (WEB_USERNAME / WEB_PASSWORD) for a service that
 * also logs in elsewhere, or what to set to turn it on when it is off.
 */
export function LocalLogin(props: {
  enabled: boolean;
  login: (username: string, password: string) => Promise<unknown>;
  onLoggedIn: () => void;
}) {
  return (
    <Show
      when={props.enabled}
      fallback={
        <p class="muted">
          Local login is off. Set <code>WEB_PASSWORD</code> (and <code>WEB_USERNAME</code>, default{' '}
          <code>admin</code>) to turn it on.
        </p>
      }
    >
      <LoginForm login={props.login} onLoggedIn={props.onLoggedIn} />
    </Show>
  );
}
