import { createSignal, Show } from 'solid-js';
import type { Container } from '../lib/api.ts';
import { requestLogAnalysis } from '../lib/jarvis-api.ts';
import { errorText } from '../lib/format.ts';
import { navigate } from '../lib/route.ts';

/** Asks Jarvis to analyze a container's recent log in the background (the result lands on /jarvis). */
export function JarvisAnalyzeButton(props: { container: Container }) {
  const [state, setState] = createSignal<'idle' | 'busy' | 'queued'>('idle');
  const [error, setError] = createSignal<string>();
  const analyze = async () => {
    setState('busy');
    setError(undefined);
    try {
      await requestLogAnalysis(props.container.host, props.container.name);
      setState('queued');
    } catch (err) {
      setError(errorText(err));
      setState('idle');
    }
  };
  return (
    <div class="jarvis-analyze">
      <button type="button" disabled={state() === 'busy'} onClick={() => void analyze()}>
        Analyze logs
      </button>
      <Show when={state() === 'queued'}>
        <span class="small" role="status">
          {' '}
          Analysis queued: see it on the{' '}
          <a href="/jarvis" onClick={(e) => navigate(e, '/jarvis')}>
            Jarvis page
          </a>
          .
        </span>
      </Show>
      <Show when={error()}>
        <span class="small error" role="alert">
          {' '}
          {error()}
        </span>
      </Show>
    </div>
  );
}
