import type { FeedFilter } from '../lib/api.ts';

const SERVICES = [
  { value: '', label: 'All services' },
  { value: 'streambot', label: 'stream-bot' },
  { value: 'discord', label: 'discord-bot' },
  { value: 'dashboard', label: 'dashboard' },
];

export function EventFilters(props: {
  filter: FeedFilter;
  onChange: (filter: FeedFilter) => void;
}) {
  return (
    <div class="filters">
      <select
        aria-label="Service"
        value={props.filter.service}
        onChange={(e) => props.onChange({ ...props.filter, service: e.currentTarget.value })}
      >
        {SERVICES.map((s) => (
          <option value={s.value}>{s.label}</option>
        ))}
      </select>
      <input
        type="search"
        aria-label="Event type"
        placeholder="type, e.g. fact or fact.created"
        value={props.filter.type}
        onChange={(e) => props.onChange({ ...props.filter, type: e.currentTarget.value.trim() })}
      />
    </div>
  );
}
