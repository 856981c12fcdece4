import { createResource, createSignal, For, Index, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import {
  createRolePanel,
  deleteRolePanel,
  fetchRolePanels,
  updateRolePanel,
  type PanelRole,
  type RolePanel,
  type RolePanelInput,
} from '../lib/api.ts';
import { errorText, formatAgo } from '../lib/format.ts';
import { loaded } from '../lib/resource.ts';

const MAX_ROLES = 25;
const EMPTY: RolePanelInput = { channelId: '', title: '', singleChoice: false, roles: [] };

function PanelForm(props: {
  name: string;
  initial: RolePanelInput;
  submitLabel: string;
  onSave: (input: RolePanelInput) => Promise<unknown>;
  onDone: () => void;
}) {
  const [p, setP] = createSignal<RolePanelInput>(structuredClone(props.initial));
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const setRole = (i: number, patch: Partial<PanelRole>) =>
    setP({ ...p(), roles: p().roles.map((r, j) => (j === i ? { ...r, ...patch } : r)) });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      // Only the fields a panel is made of (an edited panel also carries its id, times…).
      await props.onSave({
        singleChoice: p().singleChoice,
        title: p().title.trim(),
        channelId: p().channelId.trim(),
        roles: p().roles.map((r) => ({
          roleId: r.roleId.trim(),
          label: r.label.trim(),
          emoji: r.emoji?.trim() || null,
        })),
      });
      props.onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" aria-label={props.name} onSubmit={(e) => void submit(e)}>
      <div class="row">
        <label>
          Title
          <input
            required
            maxlength={100}
            value={p().title}
            onInput={(e) => setP({ ...p(), title: e.currentTarget.value })}
          />
        </label>
        <label>
          Channel id
          <input
            required
            inputmode="numeric"
            value={p().channelId}
            onInput={(e) => setP({ ...p(), channelId: e.currentTarget.value })}
          />
        </label>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={p().singleChoice}
          onChange={(e) => setP({ ...p(), singleChoice: e.currentTarget.checked })}
        />
        One role at a time (picking one removes the others)
      </label>
      <fieldset class="questions">
        <legend>Roles (up to {MAX_ROLES})</legend>
        <Index each={p().roles}>
          {(r, i) => (
            <div class="question">
              <input
                aria-label={`Role id ${i + 1}`}
                placeholder="Role id"
                inputmode="numeric"
                value={r().roleId}
                onInput={(e) => setRole(i, { roleId: e.currentTarget.value })}
              />
              <input
                aria-label={`Button label ${i + 1}`}
                placeholder="Button label"
                maxlength={80}
                value={r().label}
                onInput={(e) => setRole(i, { label: e.currentTarget.value })}
              />
              <input
                class="short"
                aria-label={`Emoji ${i + 1}`}
                placeholder="Emoji"
                value={r().emoji ?? ''}
                onInput={(e) => setRole(i, { emoji: e.currentTarget.value })}
              />
              <button
                type="button"
                class="link danger"
                aria-label={`Remove role ${i + 1}`}
                title="Remove"
                onClick={() => setP({ ...p(), roles: p().roles.filter((_, j) => j !== i) })}
              >
                ✕
              </button>
            </div>
          )}
        </Index>
        <button
          type="button"
          disabled={p().roles.length >= MAX_ROLES}
          onClick={() =>
            setP({ ...p(), roles: [...p().roles, { roleId: '', label: '', emoji: null }] })
          }
        >
          Add role
        </button>
      </fieldset>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Saving…' : props.submitLabel}
        </button>
        <button type="button" onClick={() => props.onDone()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** /guilds/:id/roles: the self-assignable role panels, with an editor. */
export function RolePanelsPage(props: { guildId: string }) {
  const [panels, { refetch }] = createResource(() => props.guildId, fetchRolePanels);
  const [editing, setEditing] = createSignal<string | 'new' | null>(null);
  const [error, setError] = createSignal<string>();

  const remove = async (panel: RolePanel) => {
    if (!window.confirm(`Delete the panel "${panel.title}" and its message?`)) return;
    setError(undefined);
    try {
      await deleteRolePanel(props.guildId, panel.id);
      await refetch();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const done = () => {
    setEditing(null);
    void refetch();
  };

  return (
    <section class="card" data-testid="role-panels">
      <div class="card-head">
        <h2>Role panels</h2>
        <button type="button" class="primary" onClick={() => setEditing('new')}>
          Add panel
        </button>
      </div>
      <Show when={editing() === 'new'}>
        <PanelForm
          name="New role panel"
          initial={EMPTY}
          submitLabel="Create and post"
          onSave={(input) => createRolePanel(props.guildId, input)}
          onDone={done}
        />
      </Show>
      <Show when={panels.error}>
        <p class="error">Cannot load role panels: {errorText(panels.error)}</p>
      </Show>
      <FormError message={error()} />
      <Show when={loaded(panels)}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No role panels yet.</p>}>
            <ul class="items">
              <For each={list()}>
                {(panel) => (
                  <li>
                    <Show
                      when={editing() === panel.id}
                      fallback={
                        <div class="item">
                          <div>
                            <strong>{panel.title}</strong>
                            <Show when={panel.singleChoice}>
                              <span class="pill">one at a time</span>
                            </Show>
                            <p class="muted small">
                              in channel {panel.channelId}
                              {panel.messageId ? '' : ' · not posted'} · changed{' '}
                              {formatAgo(panel.updatedAt)}
                            </p>
                            <ul class="chips">
                              <For each={panel.roles}>
                                {(r) => (
                                  <li class="chip">
                                    {r.emoji ? `${r.emoji} ` : ''}
                                    {r.label}
                                  </li>
                                )}
                              </For>
                            </ul>
                          </div>
                          <div class="row-actions">
                            <button
                              type="button"
                              class="link"
                              aria-label={`Edit ${panel.title}`}
                              onClick={() => setEditing(panel.id)}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              class="link danger"
                              aria-label={`Delete ${panel.title}`}
                              onClick={() => void remove(panel)}
                            >
                              Delete
                            </button>
                          </div>
                        </div>
                      }
                    >
                      <PanelForm
                        name={`Edit ${panel.title}`}
                        initial={panel}
                        submitLabel="Save changes"
                        onSave={(input) => updateRolePanel(props.guildId, panel.id, input)}
                        onDone={done}
                      />
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}
