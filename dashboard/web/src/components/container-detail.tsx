import type { Container } from '../lib/api.ts';
import { ContainerLogs } from './container-logs.tsx';
import { ContainerStatsView } from './container-stats.tsx';
import { JarvisAnalyzeButton } from './jarvis-analyze-button.tsx';

/** The side panel for one container: live stats and its log. */
export function ContainerDetail(props: { container: Container; onClose: () => void }) {
  return (
    <aside class="card detail" aria-label={`Container ${props.container.name}`}>
      <div class="card-head">
        <h2>
          {props.container.name} <span class="muted small">on {props.container.host}</span>
        </h2>
        <button type="button" onClick={() => props.onClose()}>
          Close
        </button>
      </div>
      <p class="muted small">
        <code>{props.container.id.slice(0, 12)}</code> · <code>{props.container.image}</code>
      </p>
      <ContainerStatsView container={props.container} />
      <JarvisAnalyzeButton container={props.container} />
      <ContainerLogs container={props.container} />
    </aside>
  );
}
