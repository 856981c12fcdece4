import { createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import {
  cancelDeployment,
  deploymentEventsUrl,
  FINISHED,
  STATUS_TEXT,
  statusBadge,
  type Deployment,
  type DeploymentStatus,
} from '../lib/deploy-api.ts';
import { errorText, formatTime } from '../lib/format.ts';

const PERCENT: Record<DeploymentStatus, number> = {
  queued: 0,
  pulling: 10,
  creating: 40,
  starting: 55,
  waiting_healthy: 70,
  rolling_back: 90,
  succeeded: 100,
  rolled_back: 100,
  failed: 100,
  cancelled: 100,
};

/**
 * One deployment, followed live over server-sent events until it ends: its
 * status, every step so far, a cancel button while it runs, and how it ended.
 */
export function DeployProgress(props: { deployment: Deployment; onFinished: () => void }) {
  const [d, setD] = createSignal(props.deployment);
  const [problem, setProblem] = createSignal<string>();
  const [cancelling, setCancelling] = createSignal(false);

  createEffect(() => {
    const first = props.deployment;
    setD(first);
    setProblem(undefined);
    if (FINISHED.has(first.status)) return;
    const source = new EventSource(deploymentEventsUrl(first.id));
    const take = (message: MessageEvent<string>) => {
      try {
        setD(JSON.parse(message.data) as Deployment);
      } catch {
        /* a broken message: the next one carries the whole state again */
      }
    };
    source.addEventListener('deployment', take);
    source.addEventListener('end', (message) => {
      take(message);
      source.close();
      props.onFinished();
    });
    source.addEventListener('error', (event) => {
      // A named `error` message from the service carries its reason; reconnecting would repeat it.
      if (event instanceof MessageEvent && typeof event.data === 'string') {
        let reason: string = event.data;
        try {
          const body = JSON.parse(reason) as { error?: { message?: string } };
          reason = body.error?.message ?? reason;
        } catch {
          /* not JSON: shown as it is */
        }
        setProblem(reason);
        source.close();
      }
    });
    onCleanup(() => source.close());
  });

  async function cancel() {
    setCancelling(true);
    try {
      setD((await cancelDeployment(d().id)).deployment);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setCancelling(false);
    }
  }

  const running = () => !FINISHED.has(d().status);

  return (
    <div class="stack" role="status" aria-live="polite" aria-label={`Deployment of ${d().target}`}>
      <div class="toolbar">
        <strong>
          {d().target} → {d().image}
        </strong>
        <span class={statusBadge(d().status)}>{STATUS_TEXT[d().status]}</span>
        <span class="muted small">
          on {d().host}, asked by {d().requestedBy} at {formatTime(d().createdAt)}
          {d().pull ? ', pulled' : ', local image'}
        </span>
        <Show when={running()}>
          <button type="button" disabled={cancelling()} onClick={() => void cancel()}>
            {cancelling() ? 'Cancelling…' : 'Cancel'}
          </button>
        </Show>
      </div>
      <Show when={running()}>
        <progress max={100} value={PERCENT[d().status]} aria-label="Deployment progress" />
      </Show>
      <Show when={d().status === 'succeeded'}>
        <p class="notice ok">
          {d().target} runs {d().image}
          {d().previousImage ? ` (was ${d().previousImage})` : ''}; the previous container was
          removed.
        </p>
      </Show>
      <Show when={d().status === 'rolled_back'}>
        <p class="notice bad">
          <strong>Rolled back:</strong> the previous container ({d().previousImage}) runs again
          under its name. Reason: {d().error}
        </p>
      </Show>
      <Show when={d().status === 'failed'}>
        <p class="notice bad">
          <strong>Failed:</strong> {d().error}
        </p>
      </Show>
      <Show when={d().status === 'cancelled'}>
        <p class="notice">Cancelled; {d().target} runs its previous container.</p>
      </Show>
      <Show when={problem()}>
        <p class="notice bad" role="alert">
          {problem()}
        </p>
      </Show>
      <ol class="list" aria-label="Steps">
        <For each={d().steps}>
          {(s) => (
            <li>
              <span>
                <span class="muted small">{formatTime(s.at)}</span> {s.message}
              </span>
              <span class="muted small">{s.step}</span>
            </li>
          )}
        </For>
      </ol>
    </div>
  );
}
