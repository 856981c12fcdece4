// The state every settings form shares: busy while saving, the service's
// error message, and a short "Saved" afterwards.
import { createSignal } from 'solid-js';
import { errorText } from './format.ts';

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
      setTimeout(() => setSaved(false), 2500);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, error, saved, run };
}
