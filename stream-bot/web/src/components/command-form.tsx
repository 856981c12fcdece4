import { createSignal } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { PERMISSIONS, type Command, type CommandInput, type Permission } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { TemplateHelp } from './template-help.tsx';

export const PERMISSION_LABEL: Record<Permission, string> = {
  everyone: 'Everyone',
  subscriber: 'Subscribers',
  vip: 'VIPs',
  moderator: 'Moderators',
  broadcaster: 'Broadcaster only',
};

const EMPTY: CommandInput = {
  name: '',
  response: '',
  permission: 'everyone',
  globalCooldownSeconds: 0,
  userCooldownSeconds: 0,
  enabled: true,
};

/** Adds a command, or edits one when `command` is given. */
export function CommandForm(props: {
  command?: Command;
  prefix: string;
  onSave: (input: CommandInput) => Promise<void>;
  onCancel: () => void;
}) {
  const start = props.command ?? EMPTY;
  const [form, setForm] = createSignal<CommandInput>({
    name: start.name,
    response: start.response,
    permission: start.permission,
    globalCooldownSeconds: start.globalCooldownSeconds,
    userCooldownSeconds: start.userCooldownSeconds,
    enabled: start.enabled,
  });
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const set = <K extends keyof CommandInput>(key: K, value: CommandInput[K]) =>
    setForm({ ...form(), [key]: value });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const f = form();
      await props.onSave({ ...f, name: f.name.trim().replace(/^!/, '').toLowerCase() });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="form"
      aria-label={props.command ? `Edit ${props.prefix}${props.command.name}` : 'New command'}
      onSubmit={(e) => void submit(e)}
    >
      <label>
        Name
        <span class="prefixed">
          <span class="muted">{props.prefix}</span>
          <input
            name="name"
            required
            maxLength={31}
            placeholder="discord"
            value={form().name}
            onInput={(e) => set('name', e.currentTarget.value)}
          />
        </span>
      </label>
      <label>
        Response
        <textarea
          name="response"
          required
          maxLength={500}
          rows={3}
          placeholder="Join our Discord, {user}: https://discord.gg/…"
          value={form().response}
          onInput={(e) => set('response', e.currentTarget.value)}
        />
      </label>
      <TemplateHelp />
      <div class="row">
        <label>
          Who may use it
          <select
            name="permission"
            value={form().permission}
            onChange={(e) => set('permission', e.currentTarget.value as Permission)}
          >
            {PERMISSIONS.map((p) => (
              <option value={p}>{PERMISSION_LABEL[p]}</option>
            ))}
          </select>
        </label>
        <label>
          Cooldown (s, everyone)
          <input
            name="globalCooldownSeconds"
            type="number"
            min={0}
            max={86400}
            value={form().globalCooldownSeconds}
            onInput={(e) => set('globalCooldownSeconds', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
        <label>
          Cooldown (s, per viewer)
          <input
            name="userCooldownSeconds"
            type="number"
            min={0}
            max={86400}
            value={form().userCooldownSeconds}
            onInput={(e) => set('userCooldownSeconds', e.currentTarget.valueAsNumber || 0)}
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
          {busy() ? 'Saving…' : props.command ? 'Save changes' : 'Add command'}
        </button>
        <button type="button" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
