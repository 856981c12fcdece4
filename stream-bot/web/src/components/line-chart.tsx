import { For, Show } from 'solid-js';
import { niceMax } from './bar-chart.tsx';

export interface Point {
  /** Milliseconds since the epoch. */
  t: number;
  value: number;
}

const W = 1000;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 26, left: 44 };

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** A filled line over time (e.g. messages per minute), in scalable SVG. */
export function LineChart(props: { points: Point[]; label: string }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const t0 = () => props.points[0]?.t ?? 0;
  const t1 = () => Math.max(t0() + 60_000, props.points[props.points.length - 1]?.t ?? 0);
  const max = () => niceMax(Math.max(0, ...props.points.map((p) => p.value)));
  const x = (t: number) => PAD.left + ((t - t0()) / (t1() - t0())) * innerW;
  const y = (v: number) => PAD.top + innerH - (v / max()) * innerH;
  const line = () => props.points.map((p) => `${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`);
  const area = () =>
    `M${x(t0())},${y(0)} L${line().join(' L')} L${x(props.points[props.points.length - 1]?.t ?? t0())},${y(0)} Z`;
  const ticks = () => [0, 0.25, 0.5, 0.75, 1].map((f) => t0() + f * (t1() - t0()));
  const peak = () =>
    props.points.reduce<Point | undefined>((a, p) => (!a || p.value > a.value ? p : a), undefined);

  return (
    <Show when={props.points.length > 0} fallback={<p class="muted">No data yet.</p>}>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        <title>
          {props.label}
          {peak() ? `, peak ${peak()?.value} at ${clock(peak()?.t ?? 0)}` : ''}
        </title>
        <For each={[0, 0.5, 1]}>
          {(f) => (
            <g class="axis">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(max() * f)} y2={y(max() * f)} />
              <text x={PAD.left - 6} y={y(max() * f) + 4} text-anchor="end">
                {Math.round(max() * f)}
              </text>
            </g>
          )}
        </For>
        <path class="area" d={area()} />
        <polyline class="line" points={line().join(' ')} />
        <For each={ticks()}>
          {(t, i) => (
            <text
              class="tick"
              x={x(t)}
              y={H - 6}
              text-anchor={i() === 0 ? 'start' : i() === 4 ? 'end' : 'middle'}
            >
              {clock(t)}
            </text>
          )}
        </For>
      </svg>
    </Show>
  );
}
