import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { fetchFactsPage, type Fact } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { FactCard } from './fact-card.tsx';

/** Stored facts, newest first, with a search box, a source filter and "more". */
export function FactsBrowser(props: { refreshKey: number }) {
  const [q, setQ] = createSignal('');
  const [source, setSource] = createSignal('');
  const [facts, setFacts] = createSignal<Fact[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();

  const load = async (more: boolean) => {
    setError(undefined);
    try {
      const page = await fetchFactsPage({
        q: q().trim(),
        source: source(),
        cursor: more ? (cursor() ?? undefined) : undefined,
      });
      setFacts(more ? [...facts(), ...page.facts] : page.facts);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    }
  };

  // Loads at once, and again whenever a new fact is generated next to it.
  createEffect(
    on(
      () => props.refreshKey,
      () => void load(false),
    ),
  );

  return (
    <section class="card">
      <h2>Facts</h2>
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load(false);
        }}
      >
        <input
          type="search"
          maxLength={200}
          placeholder="Search facts"
          aria-label="Search facts"
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <select
          aria-label="Source"
          value={source()}
          onChange={(e) => {
            setSource(e.currentTarget.value);
            void load(false);
          }}
        >
          <option value="">all sources</option>
          <option value="ai">AI</option>
          <option value="builtin">built-in</option>
          <option value="manual">by hand</option>
        </select>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <Show when={error()}>
        <p class="error">{error()}</p>
      </Show>
      <Show when={facts().length > 0} fallback={<p class="muted">No facts match.</p>}>
        <ul class="facts">
          <For each={facts()}>
            {(fact) => (
              <li>
                <FactCard fact={fact} />
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={cursor()}>
        <button type="button" onClick={() => void load(true)}>
          More
        </button>
      </Show>
    </section>
  );
}
