import { createResource, For, onCleanup, Show } from 'solid-js';
import { isoDay } from '../lib/analytics.ts';
import { fetchDaily, type DailyRow } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

const REFRESH_MS = 30_000;

function totals(rows: DailyRow[]) {
  const sum = (pick: (r: DailyRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  return [
    { label: 'Messages', value: sum((r) => r.messages) },
    { label: 'Chatters', value: sum((r) => r.uniqueChatters) },
    { label: 'New chatters', value: sum((r) => r.newChatters) },
    { label: 'Commands', value: sum((r) => r.commandsRun) },
  ];
}

/** Today's figures over all of the user's channels. */
export function ChatToday() {
  const today = isoDay(new Date());
  const [rows, { refetch }] = createResource(() => fetchDaily({ from: today, to: today }));
  const timer = setInterval(() => void refetch(), REFRESH_MS);
  onCleanup(() => clearInterval(timer));

  return (
    <section class="card" aria-labelledby="today-title">
      <h2 id="today-title">Chat today</h2>
      <Show when={rows.error}>
        <p class="error">Chat figures unavailable: {errorText(rows.error)}</p>
      </Show>
      <Show when={!rows.error && rows.latest}>
        {(list) => (
          <dl class="figures">
            <For each={totals(list())}>
              {(f) => (
                <div>
                  <dt>{f.label}</dt>
                  <dd>{f.value.toLocaleString()}</dd>
                </div>
              )}
            </For>
          </dl>
        )}
      </Show>
    </section>
  );
}
