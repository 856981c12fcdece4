import { Show } from 'solid-js';
import type { LatestFactView } from '../lib/api.ts';
import { formatDuration } from '../lib/format.ts';

export function LatestFactCard(props: {
  view: LatestFactView | undefined;
  error: string | undefined;
}) {
  return (
    <section class="card">
      <h2>Latest fact from stream-bot</h2>
      <Show when={props.error}>
        <p class="error">{props.error}</p>
      </Show>
      <Show when={props.view}>
        {(view) => (
          <>
            <Show when={view().fact} fallback={<p class="muted">stream-bot has no facts yet.</p>}>
              {(fact) => (
                <figure class="fact">
                  <blockquote>{fact().text}</blockquote>
                  <figcaption class="muted">
                    {fact().source}
                    {fact().model ? ` · ${fact().model}` : ''}
                  </figcaption>
                </figure>
              )}
            </Show>
            <p class="muted">
              <Show when={view().stale}>
                <span class="badge badge-stale" title={view().problem ?? ''}>
                  stale
                </span>{' '}
              </Show>
              confirmed {formatDuration(view().ageSeconds)} ago
              <Show when={view().stale}> · stream-bot is not answering</Show>
            </p>
          </>
        )}
      </Show>
    </section>
  );
}
