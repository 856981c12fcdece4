import { createSignal, Show } from 'solid-js';
import { generateFact, type GeneratedFact } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { FactCard } from './fact-card.tsx';

/** The trigger flow: one click asks the service for a new fact and shows it. */
export function GeneratePreview(props: { onGenerated: (result: GeneratedFact) => void }) {
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<GeneratedFact>();
  const [error, setError] = createSignal<string>();

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const generated = await generateFact();
      setResult(generated);
      props.onGenerated(generated);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card">
      <h2>Generate a fact</h2>
      <button type="button" class="primary" disabled={busy()} onClick={() => void run()}>
        {busy() ? 'Generating…' : 'Generate Preview'}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={result()}>
        {(r) => (
          <div class="preview" data-testid="preview">
            <FactCard fact={r().fact} />
            <Show when={r().notice}>
              <p class="notice">{r().notice}</p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
