/** A read-only tool Jarvis used in its answer, with the start of what it got back. */
export function JarvisToolChip(props: { name: string; result: string; ok: boolean }) {
  return (
    <span class={props.ok ? 'chip jarvis-tool' : 'chip jarvis-tool bad'} title={props.result}>
      <span class="muted">{props.ok ? 'looked up' : 'failed'}</span> {props.name}
    </span>
  );
}
