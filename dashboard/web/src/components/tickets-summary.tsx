import { For, Show } from 'solid-js';
import type { TicketsData } from '../lib/api.ts';
import { formatAgo } from '../lib/format.ts';

/** Open Discord tickets: the counts and the newest few. */
export function TicketsSummary(props: { data: TicketsData }) {
  return (
    <>
      <dl class="figures">
        <div>
          <dt>Open</dt>
          <dd>{props.data.summary.open}</dd>
        </div>
        <div>
          <dt>Unclaimed</dt>
          <dd>{props.data.summary.unclaimed}</dd>
        </div>
        <div>
          <dt>Claimed</dt>
          <dd>{props.data.summary.claimed}</dd>
        </div>
      </dl>
      <Show when={props.data.summary.oldestOpenedAt}>
        {(at) => <p class="muted small">Oldest opened {formatAgo(at())}</p>}
      </Show>
      <Show when={props.data.tickets.length > 0} fallback={<p class="muted">No open tickets.</p>}>
        <ul class="list">
          <For each={props.data.tickets.slice(0, 5)}>
            {(t) => (
              <li>
                <span>{t.subject}</span>
                <span class="muted small">
                  {t.openedBy.username} · {formatAgo(t.openedAt)}
                  {t.claimedBy ? ` · ${t.claimedBy.username}` : ' · unclaimed'}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </>
  );
}
