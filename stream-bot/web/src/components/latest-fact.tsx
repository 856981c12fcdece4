import { Show } from 'solid-js';
import type { Fact } from '../lib/api.ts';
import { FactCard } from './fact-card.tsx';

export function LatestFact(props: { fact: Fact | null | undefined; loading: boolean }) {
  return (
    <Show
      when={props.fact}
      fallback={
        <p class="muted">{props.loading ? 'Loading…' : 'No fact yet. Say hello to make one.'}</p>
      }
    >
      {(fact) => <FactCard fact={fact()} />}
    </Show>
  );
}
