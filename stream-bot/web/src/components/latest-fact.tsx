import { Show } from 'solid-js';
import type { Fact } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

export function LatestFact(props: { fact: Fact | null | undefined; loading: boolean }) {
  return (
    <Show
      when={props.fact}
      fallback={
        <p class="muted">{props.loading ? 'Loading…' : 'No fact yet. Say hello to make one.'}</p>
      }
    >
      {(fact) => (
        <figure class="fact">
          <blockquote>{fact().text}</blockquote>
          <figcaption class="muted">
            {fact().source}
            {fact().model ? ` · ${fact().model}` : ''} · {formatAgo(fact().createdAt)}
          </figcaption>
        </figure>
      )}
    </Show>
  );
}
