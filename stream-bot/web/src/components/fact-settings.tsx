import { createSignal } from 'solid-js';
import { createSaver, SaveBar } from '@homelab/nats/ui';
import { saveBotConfig, type BotConfig, type FactSettings } from '../lib/api.ts';

/** How !fact behaves in chat. */
export function FactSettingsForm(props: { config: BotConfig; onSaved: (c: BotConfig) => void }) {
  const [form, setForm] = createSignal<FactSettings>({ ...props.config.factSettings });
  const set = <K extends keyof FactSettings>(key: K, value: FactSettings[K]) =>
    setForm({ ...form(), [key]: value });
  const saver = createSaver();

  return (
    <form
      class="form"
      aria-label="Fact settings"
      onSubmit={(e) => {
        e.preventDefault();
        void saver.run(async () => props.onSaved(await saveBotConfig({ factSettings: form() })));
      }}
    >
      <div class="row">
        <label>
          Cooldown per channel (s)
          <input
            type="number"
            min={0}
            max={3600}
            value={form().cooldownSeconds}
            onInput={(e) => set('cooldownSeconds', e.currentTarget.valueAsNumber || 0)}
          />
        </label>
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
      </div>
      <label>
        Text before a fact
        <input
          maxLength={40}
          placeholder="Fun fact:"
          value={form().prefix}
          onInput={(e) => set('prefix', e.currentTarget.value)}
        />
      </label>
      <SaveBar busy={saver.busy()} error={saver.error()} saved={saver.saved()} />
    </form>
  );
}
