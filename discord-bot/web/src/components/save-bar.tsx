import { Show } from 'solid-js';
import { FormError } from './form-error.tsx';

/** A settings form's error, Save button and confirmation. */
export function SaveBar(props: { busy: boolean; error: string | undefined; saved: boolean }) {
  return (
    <>
      <FormError message={props.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy}>
          {props.busy ? 'Saving…' : 'Save'}
        </button>
        <Show when={props.saved}>
          <span class="saved" role="status">
            Saved
          </span>
        </Show>
      </div>
    </>
  );
}
