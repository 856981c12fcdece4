import { createSignal } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import type { Timer, TimerInput } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

const EMPTY: TimerInput = {
  name: '',
  message: '',
  intervalMinutes: 15,
  minChatLines: 5,
  enabled: true,
};

/** Adds a timer, or edits one when `timer` is given. */
export function TimerForm(props: {
  timer?: Timer;
  onSave: (input: TimerInput) => Promise<void>;
  onCancel: () => void;
}) {
  const start = props.timer ?? EMPTY;
  const [form, setForm] = createSignal<TimerInput>({
    name: start.name,
    message: start.message,
    intervalMinutes: start.intervalMinutes,
    minChatLines: start.minChatLines,
    enabled: start.enabled,
  });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const set = <K extends keyof TimerInput>(key: K, value: TimerInput[K]) =>
    setForm({ ...form(), [key]: value });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.onSave({ ...form(), name: form().name.trim() });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="form"
      aria-label={props.timer ? `Edit timer ${props.timer.name}` : 'New timer'}
      onSubmit={(e) => void submit(e)}
    >
      <label>
        Name
        <input
          name="name"
          required
          maxLength={50}
          placeholder="socials"
          value={form().name}
          onInput={(e) => set('name', e.currentTarget.value)}
        />
      </label>
      <label>
        Message
        <textarea
          name="message"
          required
          maxLength={500}
          rows={2}
          placeholder="Follow the stream on Bluesky: …"
          value={form().message}
          onInput={(e) => set('message', e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <label>
          Every (minutes)
          <input
            name="intervalMinutes"
            type="number"
            required
            min={1}
            max={1440}
            value={form().intervalMinutes}
            onInput={(e) => set('intervalMinutes', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
        <label>
          Min. chat lines between posts
          <input
            name="minChatLines"
            type="number"
            min={0}
            max={1000}
            value={form().minChatLines}
            onInput={(e) => set('minChatLines', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="enabled"
          checked={form().enabled}
          onChange={(e) => set('enabled', e.currentTarget.checked)}
        />
        Enabled
      </label>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Saving…' : props.timer ? 'Save changes' : 'Add timer'}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
