import { createSignal, For } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import {
  BUILTIN_COMMANDS,
  saveBotConfig,
  type BotConfig,
  type BuiltinCommand,
} from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

const DESCRIPTION: Record<BuiltinCommand, string> = {
  fact: 'posts a fun fact',
  commands: 'lists the commands a viewer may use',
  uptime: 'says how long the stream has been live',
  song: 'names the track Spotify plays',
  sr: 'requests a song on Spotify (see the Spotify page)',
  skip: 'skips the Spotify track (moderators)',
};

/** The built-in commands, each switched on or off right away. */
export function BuiltinToggles(props: { config: BotConfig; onSaved: (c: BotConfig) => void }) {
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const toggle = async (name: BuiltinCommand, on: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      props.onSaved(
        await saveBotConfig({ builtinCommands: { ...props.config.builtinCommands, [name]: on } }),
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset class="toggles" disabled={busy()}>
      <legend class="sr-only">Built-in commands</legend>
      <For each={[...BUILTIN_COMMANDS]}>
        {(name) => (
          <label class="check">
            <input
              type="checkbox"
              checked={props.config.builtinCommands[name]}
              onChange={(e) => void toggle(name, e.currentTarget.checked)}
            />
            <code>
              {props.config.prefix}
              {name}
            </code>
            <span class="muted">{DESCRIPTION[name]}</span>
          </label>
        )}
      </For>
      <FormError message={error()} />
    </fieldset>
  );
}
