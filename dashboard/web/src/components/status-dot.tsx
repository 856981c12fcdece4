export type Level = 'ok' | 'warn' | 'bad' | 'off';

/** A coloured dot with its word beside it (the colour is never the only sign). */
export function StatusDot(props: { level: Level; label: string }) {
  return (
    <span class="status">
      <span class={`dot dot-${props.level}`} aria-hidden="true" />
      {props.label}
    </span>
  );
}

/** The level of a health status word (healthy, degraded, unhealthy, unknown …). */
export function levelOf(status: string | null | undefined): Level {
  switch (status ?? '') {
    case 'healthy':
    case 'running':
    case 'up':
    case 'ok':
      return 'ok';
    case 'degraded':
    case 'starting':
    case 'paused':
    case 'restarting':
      return 'warn';
    case 'unhealthy':
    case 'down':
    case 'dead':
    case 'exited':
      return 'bad';
    default:
      return 'off';
  }
}
