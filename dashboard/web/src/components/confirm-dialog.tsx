import { createEffect, type JSX } from 'solid-js';

/**
 * A modal question with a confirm and a cancel button (a native <dialog>: it
 * traps focus, Escape cancels, and focus returns to where it was).
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: JSX.Element;
}) {
  let dialog: HTMLDialogElement | undefined;
  createEffect(() => {
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  });
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="confirm-title"
      onCancel={(e) => {
        e.preventDefault();
        props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <div>{props.children}</div>
      <div class="actions">
        <button type="button" class="danger primary" onClick={() => props.onConfirm()}>
          {props.confirmLabel}
        </button>
        <button type="button" autofocus onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
