import { For, Show } from 'solid-js';

/** Horizontal bars for a ranking (top chatters, command usage). */
export function RankList(props: {
  items: { label: string; value: number }[];
  empty: string;
  label: string;
}) {
  const max = () => Math.max(1, ...props.items.map((i) => i.value));
  return (
    <Show when={props.items.length > 0} fallback={<p class="muted">{props.empty}</p>}>
      <ol class="ranks" aria-label={props.label}>
        <For each={props.items}>
          {(item) => (
            <li>
              <span class="rank-label">{item.label}</span>
              <span class="rank-bar" aria-hidden="true">
                <span style={{ width: `${(item.value / max()) * 100}%` }} />
              </span>
              <span class="rank-value">{item.value.toLocaleString()}</span>
            </li>
          )}
        </For>
      </ol>
    </Show>
  );
}
