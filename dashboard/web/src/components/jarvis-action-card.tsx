import { createSignal, Show } from 'solid-js';
import { decideAction, type AiAction } from '../lib/jarvis-api.ts';
import { errorText, formatAgo } from '../lib/format.ts';

const PILL: Record<AiAction['status'], string> = {
  proposed: 'badge-stale',
  approved: 'badge-ok',
  running: 'badge-stale',
  succeeded: 'badge-ok',
  rejected: 'badge-bad',
  failed: 'badge-bad',
};

function shortJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** A recorded result as "key: value" pairs when it is a flat object, else its JSON. */
function resultText(value: unknown): string {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const pairs = Object.entries(value).filter(([, v]) => v === null || typeof v !== 'object');
    if (pairs.length > 0) return pairs.map(([k, v]) => `${k}: ${String(v)}`).join(' · ');
  }
  return shortJson(value);
}

/**
 * An action Jarvis proposed: what it would do, and Approve / Reject while it waits. After a
 * decision it shows who decided and the recorded result or error.
 */
export function JarvisActionCard(props: { action: AiAction; onDecided: (a: AiAction) => void }) {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const decide = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError(undefined);
    try {
      props.onDecided((await decideAction(props.action.id, decision)).action);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      class="jarvis-action"
      data-status={props.action.status}
      aria-label={`Proposed action: ${props.action.summary}`}
    >
      <div class="card-head">
        <strong>{props.action.summary}</strong>
        <span class={`pill ${PILL[props.action.status]}`}>{props.action.status}</span>
      </div>
      <p class="muted small">
        <code>
          {props.action.tool} {shortJson(props.action.arguments)}
        </code>
      </p>
      <Show when={props.action.status === 'proposed'}>
        <p class="small">Jarvis does not run this by itself: approve it to run it now.</p>
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={busy()}
            onClick={() => void decide('approve')}
          >
            Approve
          </button>
          <button type="button" disabled={busy()} onClick={() => void decide('reject')}>
            Reject
          </button>
        </div>
      </Show>
      <Show when={props.action.decidedBy}>
        <p class="muted small">
          {props.action.status === 'rejected' ? 'Rejected' : 'Approved'} by {props.action.decidedBy}{' '}
          {props.action.decidedAt ? formatAgo(props.action.decidedAt) : ''}
        </p>
      </Show>
      <Show when={props.action.status === 'succeeded'}>
        <p class="small jarvis-result">Result: {resultText(props.action.result)}</p>
      </Show>
      <Show when={props.action.error}>
        <p class="small error">Failed: {props.action.error}</p>
      </Show>
      <Show when={error()}>
        <p class="small error" role="alert">
          {error()}
        </p>
      </Show>
    </section>
  );
}
