import { createSignal } from 'solid-js';
import { ChipsInput, createSaver, SaveBar } from '@homelab/nats/ui';
import { saveBotConfig, type BotConfig } from '../lib/api.ts';

export const channelName = (raw: string) => raw.trim().replace(/^[#@]/, '').toLowerCase();

/** Where the bot chats and the prefix of its commands. */
export function ChatSettings(props: { config: BotConfig; onSaved: (c: BotConfig) => void }) {
  const [channels, setChannels] = createSignal(props.config.channels);
  const [prefix, setPrefix] = createSignal(props.config.prefix);
  const saver = createSaver();

  return (
    <form
      class="form"
      aria-label="Chat settings"
      onSubmit={(e) => {
        e.preventDefault();
        void saver.run(async () =>
          props.onSaved(await saveBotConfig({ channels: channels(), prefix: prefix().trim() })),
        );
      }}
    >
      <div class="field">
        <span>Channels</span>
        <ChipsInput
          label="Channels"
          values={channels()}
          onChange={setChannels}
          normalize={channelName}
          placeholder="Add a channel and press Enter"
        />
        <span class="muted small">Twitch logins the bot joins; your own channel by default.</span>
      </div>
      <label>
        Command prefix
        <input
          name="prefix"
          class="short"
          required
          maxLength={5}
          value={prefix()}
          onInput={(e) => setPrefix(e.currentTarget.value)}
        />
      </label>
      <SaveBar busy={saver.busy()} error={saver.error()} saved={saver.saved()} />
    </form>
  );
}
