import { createResource, createSignal, For, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { BuiltinToggles } from '../components/builtin-toggles.tsx';
import { CommandForm, PERMISSION_LABEL } from '../components/command-form.tsx';
import { TryCommand } from '../components/try-command.tsx';
import {
  createCommand,
  deleteCommand,
  fetchBotConfig,
  fetchCommands,
  updateCommand,
  type Command,
} from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

function cooldowns(c: Command): string {
  const parts = [];
  if (c.globalCooldownSeconds) parts.push(`${c.globalCooldownSeconds}s`);
  if (c.userCooldownSeconds) parts.push(`${c.userCooldownSeconds}s/viewer`);
  return parts.join(' · ') || '—';
}

/** /commands: custom commands, built-in toggles and a box to try them. */
export function CommandsPage() {
  const [config, { mutate: setConfig }] = createResource(fetchBotConfig);
  const [commands, { refetch }] = createResource(fetchCommands);
  // 'new', a command's name, or nothing.
  const [editing, setEditing] = createSignal<string>();
  const [listError, setListError] = createSignal<string>();
  const prefix = () => (config.error ? '!' : (config.latest?.prefix ?? '!'));

  const remove = async (c: Command) => {
    if (!window.confirm(`Delete ${prefix()}${c.name}?`)) return;
    setListError(undefined);
    try {
      await deleteCommand(c.name);
      await refetch();
    } catch (err) {
      setListError(errorText(err));
    }
  };

  return (
    <>
      <section class="card" aria-labelledby="commands-title">
        <div class="card-head">
          <h2 id="commands-title">Commands</h2>
          <Show when={editing() !== 'new'}>
            <button type="button" class="primary" onClick={() => setEditing('new')}>
              Add command
            </button>
          </Show>
        </div>
        <Show when={editing() === 'new'}>
          <CommandForm
            prefix={prefix()}
            onCancel={() => setEditing(undefined)}
            onSave={async (input) => {
              await createCommand(input);
              setEditing(undefined);
              await refetch();
            }}
          />
        </Show>
        <Show when={commands.error}>
          <p class="error">Commands unavailable: {errorText(commands.error)}</p>
        </Show>
        <FormError message={listError()} />
        <Show when={!commands.error && commands.latest}>
          {(list) => (
            <Show
              when={list().length > 0}
              fallback={<p class="muted">No custom commands yet. Add one above.</p>}
            >
              <table class="table" data-testid="commands">
                <thead>
                  <tr>
                    <th scope="col">Command</th>
                    <th scope="col">Response</th>
                    <th scope="col">Who</th>
                    <th scope="col">Cooldown</th>
                    <th scope="col">Uses</th>
                    <th scope="col">
                      <span class="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={list()}>
                    {(c) => (
                      <>
                        <tr classList={{ disabled: !c.enabled }}>
                          <td>
                            <code>
                              {prefix()}
                              {c.name}
                            </code>
                            <Show when={!c.enabled}>
                              <span class="pill muted">off</span>
                            </Show>
                          </td>
                          <td class="response">{c.response}</td>
                          <td data-label="Who">{PERMISSION_LABEL[c.permission] ?? c.permission}</td>
                          <td data-label="Cooldown">{cooldowns(c)}</td>
                          <td data-label="Uses">{c.useCount}</td>
                          <td class="row-actions">
                            <button
                              type="button"
                              class="link"
                              aria-label={`Edit ${c.name}`}
                              onClick={() => setEditing(c.name)}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              class="link danger"
                              aria-label={`Delete ${c.name}`}
                              onClick={() => void remove(c)}
                            >
                              Delete
                            </button>
                          </td>
                        </tr>
                        <Show when={editing() === c.name}>
                          <tr>
                            <td colSpan={6}>
                              <CommandForm
                                command={c}
                                prefix={prefix()}
                                onCancel={() => setEditing(undefined)}
                                onSave={async (input) => {
                                  await updateCommand(c.name, input);
                                  setEditing(undefined);
                                  await refetch();
                                }}
                              />
                            </td>
                          </tr>
                        </Show>
                      </>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          )}
        </Show>
      </section>
      <div class="grid-2">
        <section class="card">
          <h2>Built-in</h2>
          <Show when={config.error}>
            <p class="error">Settings unavailable: {errorText(config.error)}</p>
          </Show>
          <Show when={!config.error && config.latest}>
            {(c) => <BuiltinToggles config={c()} onSaved={setConfig} />}
          </Show>
        </section>
        <TryCommand
          onRan={() => void refetch()}
          prefix={prefix()}
          channels={config.error ? [] : (config.latest?.channels ?? [])}
        />
      </div>
    </>
  );
}
