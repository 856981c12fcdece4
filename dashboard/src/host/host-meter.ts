// Host figures on demand. CPU use and network rates need two readings, so
// the meter keeps the last one: a probe round measures against the previous
// round, and a request between rounds measures against whatever came last.
// With no usable earlier reading it takes two, a short pause apart.
import { figuresFrom, type HostFigures, type HostSample } from '../domain/host-figures.ts';
import type { HostSource } from './host-source.ts';

export interface HostMeterOptions {
  /** The pause between two readings when there is no earlier one (default 250 ms). */
  settleMs?: number;
  /** Closer readings than this are not compared (too noisy); the last figures stand. */
  minGapMs?: number;
}

export interface HostMeter {
  measure(): Promise<HostFigures>;
}

export function createHostMeter(source: HostSource, options: HostMeterOptions = {}): HostMeter {
  const settleMs = options.settleMs ?? 250;
  const minGapMs = options.minGapMs ?? 100;
  let last: { sample: HostSample; figures: HostFigures } | undefined;
  let pending: Promise<HostFigures> | undefined;

  async function measureOnce(): Promise<HostFigures> {
    let current = await source.sample();
    if (last && current.at - last.sample.at < minGapMs) return last.figures;
    let previous: HostSample = current;
    // A rate over hours says little about now: such an old reading is not used either.
    if (!last || current.at - last.sample.at > 3_600_000) {
      await new Promise((r) => setTimeout(r, settleMs));
      current = await source.sample();
    } else {
      previous = last.sample;
    }
    const figures = figuresFrom(previous, current);
    last = { sample: current, figures };
    return figures;
  }

  return {
    // Concurrent callers share one measurement instead of each sampling.
    measure() {
      pending ??= measureOnce().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
