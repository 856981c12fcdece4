import { createSignal, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { PERMISSIONS, runCommand, type CommandRun, type Permission } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { PERMISSION_LABEL } from './command-form.tsx';

/** Runs a line as if a viewer typed it in chat and shows the bot's answer. */
export function TryCommand(props: { prefix: string; channels: string[]; onRan?: () => void }) {
  const [text, setText] = createSignal('');
  const [as, setAs] = createSignal('');
  const [role, setRole] = createSignal<Permission>('everyone');
  const [channel, setChannel] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [result, setResult] = createSignal<CommandRun>();
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const login = as().trim().toLowerCase();
      setResult(
        await runCommand({
          text: text().trim(),
          ...(channel() ? { channel: channel() } : {}),
          ...(login ? { as: { login, role: role() } } : {}),
        }),
      );
      props.onRan?.();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="try-title">
      <h2 id="try-title">Try it</h2>
      <form class="form" onSubmit={(e) => void submit(e)}>
        <label>
          Chat line
          <input
            name="text"
            required
            maxLength={500}
            placeholder={`${props.prefix}fact`}
            value={text()}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <div class="row">
          <label>
            As viewer (optional)
            <input
              name="as"
              maxLength={25}
              placeholder="you"
              value={as()}
              onInput={(e) => setAs(e.currentTarget.value)}
            />
          </label>
          <label>
            Role
            <select
              name="role"
              value={role()}
              onChange={(e) => setRole(e.currentTarget.value as Permission)}
            >
              {PERMISSIONS.map((p) => (
                <option value={p}>{PERMISSION_LABEL[p]}</option>
              ))}
            </select>
          </label>
          <Show when={props.channels.length > 0}>
            <label>
              Channel
              <select
                name="channel"
                value={channel()}
                onChange={(e) => setChannel(e.currentTarget.value)}
              >
                <option value="">(first)</option>
                {props.channels.map((c) => (
                  <option value={c}>#{c}</option>
                ))}
              </select>
            </label>
          </Show>
        </div>
        <FormError message={error()} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Running…' : 'Run'}
          </button>
        </div>
      </form>
      <Show when={result()}>
        {(r) => (
          <div class="try-result" data-testid="try-result" aria-live="polite">
            <Show when={r().refused}>
              <p class="notice">Refused: {r().refused}</p>
            </Show>
            <Show when={!r().refused && r().reply}>
              <p class="chat-line">
                <span class="muted">bot:</span> {r().reply}
              </p>
            </Show>
            <Show when={!r().refused && !r().reply}>
              <p class="muted">
                {r().command ? 'The command ran without a reply.' : 'That is not a command.'}
              </p>
            </Show>
          </div>
        )}
      </Show>
    </section>
  );
}
