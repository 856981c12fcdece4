import { createSignal } from 'solid-js';
import { errorText } from './api.ts';
import { FormError } from './form-error.tsx';

/**
 * A user name and password form. The service's refusal (wrong password, too
 * many attempts) is shown under it as the service worded it.
 */
export function LoginForm(props: {
  login: (username: string, password: string) => Promise<unknown>;
  onLoggedIn: () => void;
  defaultUsername?: string;
}) {
  const [username, setUsername] = createSignal(props.defaultUsername ?? 'admin');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.login(username().trim(), password());
      props.onLoggedIn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" aria-label="Log in" onSubmit={(e) => void submit(e)}>
      <label>
        Username
        <input
          name="username"
          autocomplete="username"
          required
          value={username()}
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autocomplete="current-password"
          required
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Logging in…' : 'Log in'}
        </button>
      </div>
    </form>
  );
}
