import { For, Show } from 'solid-js';

export interface Bar {
  label: string;
  value: number;
  /** Shown on hover and to screen readers; the label and value by default. */
  title?: string;
}

const W = 640;
const H = 200;
const PAD = { top: 12, right: 8, bottom: 26, left: 44 };

/** A nice round top for the value axis. */
export function niceMax(max: number): number {
  if (max <= 4) return 4;
  // Steps of 2, 20, 200 … keep the half-way line on a whole number.
  const step = 2 * 10 ** Math.floor(Math.log10(max / 2));
  return Math.ceil(max / step) * step;
}

/** Vertical bars, one per label, in SVG that scales with its box. */
export function BarChart(props: { bars: Bar[]; label: string; unit?: string }) {
  const max = () => niceMax(Math.max(0, ...props.bars.map((b) => b.value)));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = () => innerW / Math.max(1, props.bars.length);
  const y = (v: number) => PAD.top + innerH - (v / max()) * innerH;
  // Show at most ~10 x labels so they never overlap.
  const every = () => Math.max(1, Math.ceil(props.bars.length / 10));

  return (
    <Show when={props.bars.length > 0} fallback={<p class="muted">No data yet.</p>}>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        <For each={[0, 0.5, 1]}>
          {(f) => (
            <g class="axis">
              <line x1={PAD.left} x2={W - PAD.right} y1={y(max() * f)} y2={y(max() * f)} />
              <text x={PAD.left - 6} y={y(max() * f) + 4} text-anchor="end">
                {Math.round(max() * f).toLocaleString()}
              </text>
            </g>
          )}
        </For>
        <For each={props.bars}>
          {(bar, i) => (
            <g>
              <rect
                class="bar"
                x={PAD.left + i() * slot() + slot() * 0.15}
                width={Math.max(1, slot() * 0.7)}
                y={y(bar.value)}
                height={Math.max(0, PAD.top + innerH - y(bar.value))}
                rx={2}
              >
                <title>
                  {bar.title ?? `${bar.label}: ${bar.value.toLocaleString()}${props.unit ?? ''}`}
                </title>
              </rect>
              <Show when={i() % every() === 0}>
                <text
                  class="tick"
                  x={PAD.left + (i() + 0.5) * slot()}
                  y={H - 6}
                  text-anchor="middle"
                >
                  {bar.label}
                </text>
              </Show>
            </g>
          )}
        </For>
      </svg>
    </Show>
  );
}
