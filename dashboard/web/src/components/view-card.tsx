import { Show, type JSX } from 'solid-js';
import type { ReadModelView } from '../lib/api.ts';
import type { Polled } from '../lib/poll.ts';
import { FreshnessBadge } from './freshness-badge.tsx';
import { LoadError } from './load-error.tsx';

/**
 * A card showing one of another service's read models: its freshness badge in
 * the head, the data (kept while a later call fails) and any error under it.
 */
export function ViewCard<T>(props: {
  title: string;
  view: Polled<ReadModelView<T>>;
  children: (data: T) => JSX.Element;
  testId?: string;
  class?: string;
}) {
  return (
    <section class={`card ${props.class ?? ''}`} data-testid={props.testId}>
      <div class="card-head">
        <h2>{props.title}</h2>
        <Show when={props.view.value()}>{(view) => <FreshnessBadge view={view()} />}</Show>
      </div>
      <Show when={props.view.loading()}>
        <p class="muted">Loading…</p>
      </Show>
      <Show when={props.view.value()}>{(view) => props.children(view().data)}</Show>
      <LoadError error={props.view.error()} />
    </section>
  );
}
