import { Show } from 'solid-js';
import type { Fact, LatestFactView } from '../lib/api.ts';
import type { Polled } from '../lib/poll.ts';
import { FactQuote } from './fact-quote.tsx';
import { FreshnessBadge } from './freshness-badge.tsx';
import { LoadError } from './load-error.tsx';

/**
 * stream-bot's newest fact: the read model's answer, or a newer one the live
 * feed just brought (so the card changes the moment fact.created arrives).
 */
export function LatestFactCard(props: { view: Polled<LatestFactView>; live: Fact | undefined }) {
  const fact = () => {
    const stored = props.view.value()?.fact ?? undefined;
    const live = props.live;
    if (!stored) return live;
    if (!live) return stored;
    return Date.parse(live.createdAt) > Date.parse(stored.createdAt) ? live : stored;
  };
  return (
    <section class="card" data-testid="latest-fact">
      <div class="card-head">
        <h2>Latest fact</h2>
        <Show when={props.view.value()}>{(view) => <FreshnessBadge view={view()} />}</Show>
      </div>
      <Show
        when={fact()}
        fallback={
          <Show when={!props.view.error()}>
            <p class="muted">stream-bot has no facts yet.</p>
          </Show>
        }
      >
        {(f) => <FactQuote fact={f()} />}
      </Show>
      <Show when={!fact()}>
        <LoadError error={props.view.error()} />
      </Show>
    </section>
  );
}
