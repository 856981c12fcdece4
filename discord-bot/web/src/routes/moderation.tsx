import { createSignal, For, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { fetchModeration, MODERATION_ACTIONS, type ModerationEntry } from '../lib/api.ts';
import { errorText, formatDuration, formatTime } from '../lib/format.ts';

interface Filters {
  action: string;
  target: string;
  moderator: string;
  since: string;
}

const NO_FILTERS: Filters = { action: '', target: '', moderator: '', since: '' };

/** /guilds/:id/moderation: warns, timeouts, kicks and bans, newest first, filtered. */
export function ModerationPage(props: { guildId: string }) {
  const [draft, setDraft] = createSignal<Filters>({ ...NO_FILTERS });
  const [entries, setEntries] = createSignal<ModerationEntry[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [error, setError] = createSignal<string>();
  let applied: Filters = { ...NO_FILTERS };

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const f = applied;
      const page = await fetchModeration({
        guild: props.guildId,
        action: f.action || undefined,
        target: f.target.trim() || undefined,
        moderator: f.moderator.trim() || undefined,
        since: f.since ? new Date(f.since).toISOString() : undefined,
        cursor: more ? (cursor() ?? undefined) : undefined,
      });
      setEntries(more ? [...entries(), ...page.actions] : page.actions);
      setCursor(page.nextCursor);
      setLoaded(true);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };
  void load(false);

  const field = (key: keyof Filters) => ({
    value: draft()[key],
    onInput: (e: { currentTarget: { value: string } }) =>
      setDraft({ ...draft(), [key]: e.currentTarget.value }),
  });

  return (
    <section class="card" data-testid="moderation">
      <h2>Moderation log</h2>
      <form
        class="filters"
        aria-label="Moderation filters"
        onSubmit={(e) => {
          e.preventDefault();
          applied = { ...draft() };
          void load(false);
        }}
      >
        <label>
          Action
          <select
            value={draft().action}
            onChange={(e) => setDraft({ ...draft(), action: e.currentTarget.value })}
          >
            <option value="">all</option>
            <For each={MODERATION_ACTIONS}>{(a) => <option value={a}>{a}</option>}</For>
          </select>
        </label>
        <label>
          Member (target id)
          <input inputmode="numeric" {...field('target')} />
        </label>
        <label>
          Moderator id
          <input inputmode="numeric" {...field('moderator')} />
        </label>
        <label>
          Since
          <input type="date" {...field('since')} />
        </label>
        <button type="submit" disabled={loading()}>
          Filter
        </button>
      </form>
      <FormError message={error()} />
      <Show when={loaded() && entries().length === 0}>
        <p class="muted">No moderation actions match.</p>
      </Show>
      <Show when={entries().length > 0}>
        <table class="table">
          <thead>
            <tr>
              <th>When</th>
              <th>Action</th>
              <th>Member</th>
              <th>Moderator</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            <For each={entries()}>
              {(e) => (
                <tr>
                  <td data-label="When">{formatTime(e.createdAt)}</td>
                  <td data-label="Action">
                    <span class={`pill action-${e.action}`}>{e.action}</span>
                    <Show when={e.durationSeconds}>
                      {(s) => <span class="muted small"> {formatDuration(s())}</span>}
                    </Show>
                  </td>
                  <td data-label="Member" title={e.target.userId}>
                    {e.target.username}
                  </td>
                  <td data-label="Moderator" title={e.moderator.userId}>
                    {e.moderator.username}
                  </td>
                  <td data-label="Reason" class="response">
                    {e.reason ?? '—'}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </Show>
      <Show when={cursor()}>
        <div class="actions">
          <button type="button" disabled={loading()} onClick={() => void load(true)}>
            {loading() ? 'Loading…' : 'Load more'}
          </button>
        </div>
      </Show>
    </section>
  );
}
