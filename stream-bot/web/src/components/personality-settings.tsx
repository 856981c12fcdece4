import { createSignal, For, Show } from 'solid-js';
import { createSaver, SaveBar } from '@homelab/nats/ui';
import { saveBotConfig, type BotConfig, type PersonalitySettings } from '../lib/api.ts';

const MODELS = ['gpt-4o', 'gpt-4o-mini'];
const OTHER = '__other';

/** How the bot answers when a viewer mentions it (opt-in per channel). */
export function PersonalitySettingsForm(props: {
  config: BotConfig;
  onSaved: (c: BotConfig) => void;
}) {
  const [form, setForm] = createSignal<PersonalitySettings>({ ...props.config.personality });
  const [custom, setCustom] = createSignal(!MODELS.includes(props.config.personality.model));
  const set = <K extends keyof PersonalitySettings>(key: K, value: PersonalitySettings[K]) =>
    setForm({ ...form(), [key]: value });
  const saver = createSaver();
  // Channels offered: the bot's, plus any opted in earlier and since removed.
  const channels = () => [...new Set([...props.config.channels, ...form().enabledChannels])];
  const toggleChannel = (channel: string, on: boolean) =>
    set(
      'enabledChannels',
      on
        ? [...form().enabledChannels, channel]
        : form().enabledChannels.filter((c) => c !== channel),
    );

  return (
    <form
      class="form"
      aria-label="Personality settings"
      onSubmit={(e) => {
        e.preventDefault();
        void saver.run(async () =>
          props.onSaved(
            await saveBotConfig({ personality: { ...form(), model: form().model.trim() } }),
          ),
        );
      }}
    >
      <Show
        when={props.config.ai?.personality}
        fallback={
          <Show when={props.config.ai && !props.config.ai.configured}>
            <p class="notice" data-testid="ai-notice">
              No chat model is configured, so the bot will not answer mentions. Set{' '}
              <code>OPENAI_API_KEY</code> (or <code>OPENAI_BASE_URL</code> for an OpenAI-compatible
              server such as Ollama) and restart the service.
            </p>
          </Show>
        }
      >
        {(p) => (
          <p class="notice" data-testid="ai-notice">
            {p().hint}
          </p>
        )}
      </Show>
      <fieldset class="toggles">
        <legend>Answer mentions in</legend>
        <Show
          when={channels().length > 0}
          fallback={<p class="muted small">Add a channel above first.</p>}
        >
          <For each={channels()}>
            {(channel) => (
              <label class="check">
                <input
                  type="checkbox"
                  checked={form().enabledChannels.includes(channel)}
                  onChange={(e) => toggleChannel(channel, e.currentTarget.checked)}
                />
                #{channel}
              </label>
            )}
          </For>
        </Show>
      </fieldset>
      <label>
        Names the bot answers to
        <input
          placeholder="the bot's Twitch login"
          value={form().names.join(', ')}
          onChange={(e) =>
            set(
              'names',
              e.currentTarget.value
                .split(/[\s,]+/)
                .map((n) => n.replace(/^@/, ''))
                .filter(Boolean),
            )
          }
        />
        <small>
          Comma-separated, e.g. <code>jarvis, factbot</code>. Empty: the bot's login — your own when
          the bot chats as you, so every mention of you would be answered.
        </small>
      </label>
      <label>
        Persona
        <textarea
          rows={3}
          maxLength={1000}
          required
          value={form().persona}
          onInput={(e) => set('persona', e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <label>
          Model
          <select
            value={custom() ? OTHER : form().model}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setCustom(value === OTHER);
              if (value !== OTHER) set('model', value);
            }}
          >
            <For each={MODELS}>{(m) => <option value={m}>{m}</option>}</For>
            <option value={OTHER}>other…</option>
          </select>
        </label>
        <Show when={custom()}>
          <label>
            Model name
            <input
              required
              maxLength={100}
              placeholder="llama3.1:8b"
              value={form().model}
              onInput={(e) => set('model', e.currentTarget.value)}
            />
          </label>
        </Show>
      </div>
      <div class="row">
        <label>
          Cooldown per viewer (s)
          <input
            type="number"
            min={0}
            max={3600}
            value={form().userCooldownSeconds}
            onInput={(e) => set('userCooldownSeconds', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
        <label>
          Longest answer (characters)
          <input
            type="number"
            min={20}
            max={500}
            value={form().maxLength}
            onInput={(e) => set('maxLength', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
      </div>
      <SaveBar busy={saver.busy()} error={saver.error()} saved={saver.saved()} />
    </form>
  );
}
