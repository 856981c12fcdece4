export function StatusDot(props: { ok: boolean; label: string }) {
  return (
    <span class="status">
      <span class={props.ok ? 'dot dot-ok' : 'dot dot-bad'} aria-hidden="true" />
      {props.label}
    </span>
  );
}
