import { createSignal, Show } from 'solid-js';
import { sayHello, type Fact } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

export function HelloForm(props: { onSaid: (fact: Fact) => void }) {
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onSaid(await sayHello(text().trim() || undefined));
      setText('');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="hello" onSubmit={(e) => void submit(e)}>
      <input
        type="text"
        maxLength={500}
        placeholder="Hello from stream-bot!"
        aria-label="Greeting text (optional)"
        value={text()}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={busy()}>
        {busy() ? 'Saying…' : 'Say hello'}
      </button>
      <Show when={error()}>
        <p class="error">{error()}</p>
      </Show>
    </form>
  );
}
