import { Show } from 'solid-js';

/**
 * A small line chart of the last values (oldest first), scaled to `max` or to
 * its own highest value. The label and the latest value are in text too.
 */
export function Sparkline(props: {
  label: string;
  values: number[];
  max?: number;
  format?: (value: number) => string;
  width?: number;
  height?: number;
}) {
  const width = () => props.width ?? 160;
  const height = () => props.height ?? 36;
  const top = () => props.max ?? Math.max(1e-9, ...props.values);
  const points = () => {
    const n = props.values.length;
    if (n === 0) return '';
    const step = n > 1 ? width() / (n - 1) : 0;
    return props.values
      .map((v, i) => {
        const y = height() - 2 - (Math.min(v, top()) / top()) * (height() - 4);
        return `${(i * step).toFixed(1)},${y.toFixed(1)}`;
      })
      .join(' ');
  };
  const latest = () => props.values.at(-1);
  const show = (v: number) => (props.format ? props.format(v) : String(Math.round(v)));

  return (
    <figure class="sparkline">
      <figcaption>
        <span>{props.label}</span>
        <strong>{latest() === undefined ? '—' : show(latest() ?? 0)}</strong>
      </figcaption>
      <svg
        viewBox={`0 0 ${width()} ${height()}`}
        width="100%"
        height={height()}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${props.label}: ${props.values.length} points`}
      >
        <Show when={props.values.length > 0}>
          <polyline points={points()} fill="none" stroke="currentColor" stroke-width="1.5" />
        </Show>
      </svg>
    </figure>
  );
}
