import { Show } from 'solid-js';
import { ApiError } from '@homelab/nats/ui';
import { errorText } from '../lib/format.ts';

/**
 * Why a part of the page has nothing to show: the service's own message (a
 * 503 names what is missing and how to fix it), or that it cannot be reached.
 */
export function LoadError(props: { error: unknown; retry?: () => void }) {
  const unavailable = () => props.error instanceof ApiError && props.error.status === 503;
  return (
    <Show when={props.error}>
      <div class={unavailable() ? 'notice load-error' : 'notice bad load-error'} role="alert">
        <strong>{unavailable() ? 'Unavailable: ' : 'Could not load: '}</strong>
        {errorText(props.error)}
        <Show when={props.retry}>
          {(retry) => (
            <>
              {' '}
              <button type="button" class="link" onClick={() => retry()()}>
                Retry
              </button>
            </>
          )}
        </Show>
      </div>
    </Show>
  );
}
