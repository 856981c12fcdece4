import { createSignal } from 'solid-js';
import { login } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { FormError } from './form-error.tsx';

/** The local account's form (WEB_USERNAME / WEB_PASSWORD). */
export function LoginForm(props: { onLoggedIn: () => void }) {
  const [username, setUsername] = createSignal('admin');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username().trim(), password());
      props.onLoggedIn();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
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
