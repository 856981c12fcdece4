import { createResource, createSignal, Index, Show } from 'solid-js';
import { ChipsInput, createSaver, FormError, SaveBar } from '@homelab/nats/ui';
import {
  fetchSettings,
  postPanel,
  saveSettings,
  type GuildSettings,
  type TicketQuestion,
} from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { loaded } from '../lib/resource.ts';

const MAX_QUESTIONS = 5;

const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

function IdInput(props: {
  label: string;
  value: string | null;
  onChange: (v: string | null) => void;
  hint?: string;
}) {
  return (
    <label>
      {props.label}
      <input
        inputmode="numeric"
        placeholder={props.hint ?? 'Discord id'}
        value={props.value ?? ''}
        onInput={(e) => props.onChange(orNull(e.currentTarget.value))}
      />
    </label>
  );
}

function QuestionsEditor(props: {
  questions: TicketQuestion[];
  onChange: (q: TicketQuestion[]) => void;
}) {
  const update = (i: number, patch: Partial<TicketQuestion>) =>
    props.onChange(props.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <fieldset class="questions">
      <legend>Questions asked before a ticket opens (up to {MAX_QUESTIONS})</legend>
      <Index each={props.questions}>
        {(q, i) => (
          <div class="question">
            <input
              aria-label={`Question ${i + 1}`}
              maxlength={45}
              value={q().label}
              onInput={(e) => update(i, { label: e.currentTarget.value })}
            />
            <select
              aria-label={`Answer style ${i + 1}`}
              value={q().style}
              onChange={(e) =>
                update(i, { style: e.currentTarget.value as TicketQuestion['style'] })
              }
            >
              <option value="short">short</option>
              <option value="paragraph">paragraph</option>
            </select>
            <label class="check">
              <input
                type="checkbox"
                checked={q().required}
                onChange={(e) => update(i, { required: e.currentTarget.checked })}
              />
              required
            </label>
            <button
              type="button"
              class="link danger"
              aria-label={`Remove question ${i + 1}`}
              title="Remove"
              onClick={() => props.onChange(props.questions.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        )}
      </Index>
      <button
        type="button"
        disabled={props.questions.length >= MAX_QUESTIONS}
        onClick={() =>
          props.onChange([...props.questions, { label: '', style: 'short', required: true }])
        }
      >
        Add question
      </button>
    </fieldset>
  );
}

function PanelButton(props: {
  guildId: string;
  kind: 'ticket' | 'verify';
  label: string;
  channelId?: string | null;
}) {
  const [channel, setChannel] = createSignal(props.channelId ?? '');
  const saver = createSaver();
  return (
    <form
      class="panel-post"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.run(async () => {
          await postPanel(props.guildId, props.kind, channel().trim());
        });
      }}
    >
      <input
        aria-label={`${props.label}: channel id`}
        placeholder="Channel id"
        inputmode="numeric"
        value={channel()}
        onInput={(e) => setChannel(e.currentTarget.value)}
      />
      <button type="submit" disabled={saver.busy() || channel().trim() === ''}>
        {props.label}
      </button>
      <Show when={saver.saved()}>
        <span class="saved" role="status">
          Posted
        </span>
      </Show>
      <FormError message={saver.error()} />
    </form>
  );
}

function SettingsForm(props: { guildId: string; initial: GuildSettings }) {
  const [s, setS] = createSignal<GuildSettings>(structuredClone(props.initial));
  const set = <K extends keyof GuildSettings>(key: K, value: GuildSettings[K]) =>
    setS({ ...s(), [key]: value });
  const saver = createSaver();

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    void saver.run(async () => {
      const { panelChannelId: _c, panelMessageId: _m, ...input } = s();
      setS(
        await saveSettings(props.guildId, {
          ...input,
          ticketQuestions: input.ticketQuestions.map((q) => ({ ...q, label: q.label.trim() })),
        }),
      );
    });
  };

  return (
    <form class="form grid-2" aria-label="Guild settings" onSubmit={submit}>
      <section class="card form">
        <h2>Tickets</h2>
        <IdInput
          label="Category for ticket channels"
          value={s().ticketCategoryId}
          onChange={(v) => set('ticketCategoryId', v)}
          hint="Category id (empty: no category)"
        />
        <div class="field">
          Staff roles
          <ChipsInput
            label="Staff roles"
            values={s().staffRoleIds}
            onChange={(v) => set('staffRoleIds', v)}
            placeholder="Role id, Enter to add"
          />
        </div>
        <div class="row">
          <label>
            Max open tickets per member
            <input
              type="number"
              min={1}
              max={10}
              value={s().maxOpenTicketsPerMember}
              onInput={(e) => set('maxOpenTicketsPerMember', e.currentTarget.valueAsNumber)}
            />
          </label>
          <label>
            Auto-close after (hours idle)
            <input
              type="number"
              min={1}
              max={720}
              placeholder="never"
              value={s().autoCloseHours ?? ''}
              onInput={(e) =>
                set(
                  'autoCloseHours',
                  e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber,
                )
              }
            />
          </label>
        </div>
        <QuestionsEditor
          questions={s().ticketQuestions}
          onChange={(q) => set('ticketQuestions', q)}
        />
      </section>
      <section class="card form">
        <h2>Verification</h2>
        <div class="row">
          <IdInput
            label="Role on join (unverified)"
            value={s().unverifiedRoleId}
            onChange={(v) => set('unverifiedRoleId', v)}
            hint="Role id (empty: none)"
          />
          <IdInput
            label="Role once verified"
            value={s().verifiedRoleId}
            onChange={(v) => set('verifiedRoleId', v)}
            hint="Role id"
          />
        </div>
        <label>
          Question (optional)
          <input
            maxlength={45}
            value={s().verificationQuestion ?? ''}
            onInput={(e) => set('verificationQuestion', orNull(e.currentTarget.value))}
          />
        </label>
        <label>
          Answer that passes (not case-sensitive)
          <input
            value={s().verificationAnswer ?? ''}
            onInput={(e) => set('verificationAnswer', orNull(e.currentTarget.value))}
          />
        </label>
        <h2>Log</h2>
        <IdInput
          label="Log channel"
          value={s().logChannelId}
          onChange={(v) => set('logChannelId', v)}
          hint="Channel id (empty: no log lines)"
        />
        <SaveBar busy={saver.busy()} error={saver.error()} saved={saver.saved()} />
      </section>
    </form>
  );
}

/** /guilds/:id/settings: tickets, verification and the log channel; posting the panels. */
export function SettingsPage(props: { guildId: string }) {
  const [settings] = createResource(() => props.guildId, fetchSettings);
  return (
    <>
      <Show when={settings.error}>
        <p class="error card" role="alert">
          Cannot load the settings: {errorText(settings.error)}
        </p>
      </Show>
      <Show when={loaded(settings)} keyed>
        {(initial) => <SettingsForm guildId={props.guildId} initial={initial} />}
      </Show>
      <section class="card">
        <h2>Panels</h2>
        <p class="muted small">
          Post the message with the "Open a ticket" or "Verify" button in a channel (save the
          settings first).
        </p>
        <Show when={loaded(settings)?.panelChannelId}>
          {(channel) => (
            <p class="muted small">The ticket panel was last posted in channel {channel()}.</p>
          )}
        </Show>
        {/* Keyed on the loaded settings: the ticket panel's channel starts as the last one used.
            Shown only once they are in, so a channel typed meanwhile is not wiped by their arrival. */}
        <Show when={loaded(settings)} keyed fallback={<p class="muted small">Loading…</p>}>
          {(s) => (
            <div class="panel-posts">
              <PanelButton
                guildId={props.guildId}
                kind="ticket"
                label="Post ticket panel"
                channelId={s.panelChannelId}
              />
              <PanelButton guildId={props.guildId} kind="verify" label="Post verify panel" />
            </div>
          )}
        </Show>
      </section>
    </>
  );
}
