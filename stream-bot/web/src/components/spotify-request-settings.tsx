import { createSignal, For, Show } from 'solid-js';
import { createSaver, SaveBar } from '@homelab/nats/ui';
import {
  ROLES,
  saveSongRequestSettings,
  type Role,
  type SongRequestSettings,
} from '../lib/spotify-api.ts';

type Form = Omit<SongRequestSettings, 'blocklist'> & { blocklist: string };
type Problems = Partial<Record<keyof SongRequestSettings, string>>;

const whole = (value: number, min: number, max: number, what: string): string | undefined =>
  Number.isInteger(value) && value >= min && value <= max
    ? undefined
    : `${what} is a whole number from ${min} to ${max}`;

/** The same rules the service applies, so most mistakes are named before anything is sent. */
export function checkSettings(form: Form): Problems {
  const entries = form.blocklist
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const problems: Problems = {
    maxQueuedPerUser: whole(form.maxQueuedPerUser, 0, 100, 'Requests per viewer'),
    userCooldownSeconds: whole(form.userCooldownSeconds, 0, 86_400, 'The cooldown'),
    maxDurationSeconds: whole(form.maxDurationSeconds, 0, 3600, 'The longest track'),
    blocklist:
      entries.length > 100
        ? 'The blocklist holds at most 100 entries'
        : entries.some((e) => e.length > 100)
          ? 'A blocklist entry is at most 100 characters'
          : undefined,
  };
  return Object.fromEntries(Object.entries(problems).filter(([, v]) => v)) as Problems;
}

/** Who may request songs with !sr, how often, and what is refused. */
export function SpotifyRequestSettings(props: {
  settings: SongRequestSettings;
  onSaved: (s: SongRequestSettings) => void;
}) {
  const [form, setForm] = createSignal<Form>({
    ...props.settings,
    blocklist: props.settings.blocklist.join('\n'),
  });
  const [problems, setProblems] = createSignal<Problems>({});
  const set = <K extends keyof Form>(key: K, value: Form[K]) =>
    setForm({ ...form(), [key]: value });
  const saver = createSaver();
  const number =
    (key: 'maxQueuedPerUser' | 'userCooldownSeconds' | 'maxDurationSeconds') =>
    (e: InputEvent & { currentTarget: HTMLInputElement }) =>
      set(key, e.currentTarget.value === '' ? Number.NaN : e.currentTarget.valueAsNumber);
  const problem = (key: keyof SongRequestSettings) => (
    <Show when={problems()[key]}>
      {(text) => (
        <span class="error small" role="alert">
          {text()}
        </span>
      )}
    </Show>
  );

  return (
    <form
      class="form"
      aria-label="Song request settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const found = checkSettings(form());
        setProblems(found);
        if (Object.keys(found).length > 0) return;
        const { blocklist, ...rest } = form();
        const entries = blocklist
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean);
        void saver.run(async () => {
          const saved = await saveSongRequestSettings({ ...rest, blocklist: entries });
          props.onSaved(saved);
        });
      }}
    >
      <label class="check">
        <input
          type="checkbox"
          checked={form().enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />{' '}
        Viewers may request songs with <code>!sr</code>
      </label>
      <label>
        Who may request
        <select
          value={form().minRole}
          onChange={(e) => set('minRole', e.currentTarget.value as Role)}
        >
          <For each={[...ROLES]}>{(role) => <option value={role}>{role} and above</option>}</For>
        </select>
      </label>
      <div class="row">
        <label>
          Requests per viewer per stream (0: no limit)
          <input
            type="number"
            name="maxQueuedPerUser"
            min={0}
            max={100}
            value={Number.isNaN(form().maxQueuedPerUser) ? '' : form().maxQueuedPerUser}
            onInput={number('maxQueuedPerUser')}
          />
          {problem('maxQueuedPerUser')}
        </label>
        <label>
          Cooldown per viewer (s)
          <input
            type="number"
            name="userCooldownSeconds"
            min={0}
            max={86400}
            value={Number.isNaN(form().userCooldownSeconds) ? '' : form().userCooldownSeconds}
            onInput={number('userCooldownSeconds')}
          />
          {problem('userCooldownSeconds')}
        </label>
        <label>
          Longest track (s, 0: any)
          <input
            type="number"
            name="maxDurationSeconds"
            min={0}
            max={3600}
            value={Number.isNaN(form().maxDurationSeconds) ? '' : form().maxDurationSeconds}
            onInput={number('maxDurationSeconds')}
          />
          {problem('maxDurationSeconds')}
        </label>
      </div>
      <label>
        Blocklist: words in a title or artist, or track ids, one per line
        <textarea
          rows={3}
          name="blocklist"
          value={form().blocklist}
          onInput={(e) => set('blocklist', e.currentTarget.value)}
        />
        {problem('blocklist')}
      </label>
      <SaveBar busy={saver.busy()} error={saver.error()} saved={saver.saved()} />
    </form>
  );
}
