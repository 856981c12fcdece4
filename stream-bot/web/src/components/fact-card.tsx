import type { Fact } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

const SOURCE_LABEL: Record<string, string> = {
  ai: 'written by AI',
  builtin: 'built-in collection',
  manual: 'added by hand',
};

export function FactCard(props: { fact: Fact }) {
  return (
    <figure class="fact">
      <blockquote>{props.fact.text}</blockquote>
      <figcaption class="muted">
        {SOURCE_LABEL[props.fact.source] ?? props.fact.source}
        {props.fact.model ? ` · ${props.fact.model}` : ''} · {formatAgo(props.fact.createdAt)}
      </figcaption>
    </figure>
  );
}
