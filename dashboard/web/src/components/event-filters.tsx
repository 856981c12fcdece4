import { createSignal, For } from 'solid-js';
import type { FeedFilter } from '../lib/api.ts';

const SERVICES = [
  { value: '', label: 'All services' },
  { value: 'streambot', label: 'stream-bot' },
  { value: 'discord', label: 'discord-bot' },
  { value: 'dashboard', label: 'dashboard' },
];

/** Which events the live feed shows: one service, and a type or its aggregate. */
export function EventFilters(props: { filter: FeedFilter; onChange: (f: FeedFilter) => void }) {
  const [type, setType] = createSignal(props.filter.type);
  return (
    <form
      class="toolbar"
      aria-label="Filter events"
      onSubmit={(e) => {
        e.preventDefault();
        props.onChange({ ...props.filter, type: type().trim() });
      }}
    >
      <label>
        Service
        <select
          value={props.filter.service}
          onChange={(e) => props.onChange({ ...props.filter, service: e.currentTarget.value })}
        >
          <For each={SERVICES}>{(s) => <option value={s.value}>{s.label}</option>}</For>
        </select>
      </label>
      <label>
        Event type
        <input
          type="search"
          placeholder="fact or fact.created"
          value={type()}
          onInput={(e) => setType(e.currentTarget.value)}
        />
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}
