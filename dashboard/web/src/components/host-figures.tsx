import { For, Show } from 'solid-js';
import type { HostFigures } from '../lib/api.ts';
import { formatBytes, formatDuration } from '../lib/format.ts';
import { Meter } from './meter.tsx';

/** The machine the dashboard runs on: CPU, memory and each disk, load and uptime. */
export function HostFiguresView(props: { host: HostFigures }) {
  return (
    <div class="host" data-testid="host">
      <p class="muted small">
        {props.host.hostname} · {props.host.cpu.cores} cores · up{' '}
        {formatDuration(props.host.uptimeSeconds)} · load{' '}
        {props.host.load.map((l) => l.toFixed(2)).join(' ')}
      </p>
      <Meter label="CPU" percent={props.host.cpu.percent} />
      <Meter
        label="Memory"
        percent={props.host.memory.percent}
        detail={`${formatBytes(props.host.memory.usedBytes)} of ${formatBytes(props.host.memory.totalBytes)}`}
      />
      <For each={props.host.disks}>
        {(disk) => (
          <Meter
            label={`Disk ${disk.path}`}
            percent={disk.percent}
            detail={`${formatBytes(disk.freeBytes)} free`}
          />
        )}
      </For>
      <Show when={props.host.network.length > 0}>
        <p class="muted small">
          <For each={props.host.network}>
            {(n) => (
              <span class="net">
                {n.iface} ↓ {formatBytes(n.rxBytesPerSec)}/s ↑ {formatBytes(n.txBytesPerSec)}/s{' '}
              </span>
            )}
          </For>
        </p>
      </Show>
    </div>
  );
}
