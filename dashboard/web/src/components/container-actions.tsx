import { createSignal, For, Show } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import { containerAction, type Container, type ContainerAction } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** The actions that make sense in a state (the engine refuses the others anyway). */
function actionsFor(state: string): ContainerAction[] {
  switch (state) {
    case 'running':
      return ['stop', 'restart', 'pause'];
    case 'paused':
      return ['unpause', 'stop'];
    case 'restarting':
      return ['stop'];
    default:
      return ['start'];
  }
}

/**
 * A container's action buttons. A stack container (the platform itself) is
 * answered 409 confirmation_required first; the dialog then re-sends the
 * action with confirm: true.
 */
export function ContainerActions(props: { container: Container; onDone: (note: string) => void }) {
  const [busy, setBusy] = createSignal<ContainerAction>();
  const [pending, setPending] = createSignal<ContainerAction>();
  const [error, setError] = createSignal<string>();

  async function run(action: ContainerAction, confirm = false) {
    setBusy(action);
    setError(undefined);
    try {
      const result = await containerAction(props.container, action, confirm);
      if (result.action.outcome === 'failed') setError(result.action.error ?? `${action} failed`);
      else props.onDone(`${props.container.name}: ${action} done`);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'confirmation_required') setPending(action);
      else setError(errorText(err));
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <div class="row-actions">
      <For each={actionsFor(props.container.state)}>
        {(action) => (
          <button
            type="button"
            class={action === 'stop' ? 'danger' : undefined}
            disabled={busy() !== undefined}
            aria-label={`${action} ${props.container.name}`}
            onClick={() => void run(action)}
          >
            {busy() === action ? `${action}…` : action}
          </button>
        )}
      </For>
      <Show when={error()}>
        <p class="error small" role="alert">
          {error()}
        </p>
      </Show>
      <ConfirmDialog
        open={pending() !== undefined}
        title={`${pending() ?? ''} ${props.container.name}?`}
        confirmLabel={`Yes, ${pending() ?? ''}`}
        onCancel={() => setPending(undefined)}
        onConfirm={() => {
          const action = pending();
          setPending(undefined);
          if (action) void run(action, true);
        }}
      >
        <p>
          <strong>{props.container.name}</strong> is part of the platform's own stack. Stopping or
          restarting it interrupts the services (this dashboard too, if it is this one).
        </p>
      </ConfirmDialog>
    </div>
  );
}
