import { Show } from 'solid-js';

/** A form's error, announced to screen readers as it appears. */
export function FormError(props: { message: string | undefined }) {
  return (
    <Show when={props.message}>
      <p class="error" role="alert">
        {props.message}
      </p>
    </Show>
  );
}
