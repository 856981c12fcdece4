import { For, Show } from 'solid-js';
import { FactQuote } from '../components/fact-quote.tsx';
import { FreshnessBadge } from '../components/freshness-badge.tsx';
import { LoadError } from '../components/load-error.tsx';
import { eventStreamUrl, fetchFacts } from '../lib/api.ts';
import { createPolled } from '../lib/poll.ts';
import { createEventStream } from '../lib/sse.ts';

/** /facts: stream-bot's latest facts, read-only, as the dashboard last confirmed them. */
export function FactsPage() {
  const facts = createPolled(() => fetchFacts(50), 30_000);
  // A new fact on the bus: ask again (the read model has it by then or shortly after).
  createEventStream(
    () => eventStreamUrl({ service: 'streambot', type: 'fact.created' }, 0),
    () => void facts.refetch(),
  );
  return (
    <section class="card" data-testid="facts">
      <div class="card-head">
        <h1>Facts from stream-bot</h1>
        <Show when={facts.value()}>{(view) => <FreshnessBadge view={view()} />}</Show>
      </div>
      <p class="muted">
        Read-only: stream-bot owns its facts; the dashboard shows what stream-bot last told it.
      </p>
      <Show when={facts.loading()}>
        <p class="muted">Loading…</p>
      </Show>
      <Show when={facts.value()}>
        {(view) => (
          <Show
            when={view().data.facts.length > 0}
            fallback={<p class="muted">stream-bot has no facts yet.</p>}
          >
            <ol class="list facts">
              <For each={view().data.facts}>
                {(fact) => (
                  <li>
                    <FactQuote fact={fact} />
                  </li>
                )}
              </For>
            </ol>
          </Show>
        )}
      </Show>
      <LoadError error={facts.error()} retry={() => void facts.refetch()} />
    </section>
  );
}
