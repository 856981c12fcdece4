// What every settings form shares: busy while saving, the service's error
// message, and a short "Saved" afterwards (createSaver), shown under the form
// with its Save button (SaveBar).
import { createSignal, Show } from 'solid-js';
import { errorText } from './api.ts';
import { FormError } from './form-error.tsx';

/** How long "Saved" stays after a save went through. */
const SAVED_MS = 2500;

export function createSaver() {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const [saved, setSaved] = createSignal(false);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      await action();
      setSaved(true);
      setTimeout(() => setSaved(false), SAVED_MS);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, saved, run };
}

/** A settings form's error, Save button and confirmation. */
export function SaveBar(props: { busy: boolean; error: string | undefined; saved: boolean }) {
  return (
    <>
      <FormError message={props.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? 'Saving…' : 'Save'}
        </button>
        <Show when={props.saved}>
          <span class="saved" role="status">
            Saved
          </span>
        </Show>
      </div>
    </>
  );
}
