import type { Fact } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

/** One of stream-bot's facts, with where it came from and when. */
export function FactQuote(props: { fact: Fact }) {
  return (
    <figure class="fact">
      <blockquote>{props.fact.text}</blockquote>
      <figcaption class="muted small">
        {props.fact.source}
        {props.fact.model ? ` · ${props.fact.model}` : ''} ·{' '}
        <time datetime={props.fact.createdAt}>{formatAgo(props.fact.createdAt)}</time>
      </figcaption>
    </figure>
  );
}
