import { createSignal, For, Show } from 'solid-js';
import { logStreamUrl, type Container, type LogLine } from '../lib/api.ts';
import { formatTime } from '../lib/format.ts';
import { createEventStream } from '../lib/sse.ts';

const TAIL = 200;
const KEEP = 1000;

/**
 * A container's log, followed live (server-sent lines). The search box asks
 * the service to filter, so the stream starts again with only matching lines.
 */
export function ContainerLogs(props: { container: Container }) {
  const [search, setSearch] = createSignal('');
  const [draft, setDraft] = createSignal('');
  const [lines, setLines] = createSignal<LogLine[]>([]);
  const [paused, setPaused] = createSignal(false);
  // Each (re)connection starts with the last TAIL lines again, so the list starts over.
  const { state, problem } = createEventStream<LogLine>(
    () => (paused() ? undefined : logStreamUrl(props.container, { tail: TAIL, search: search() })),
    (line) => setLines((list) => [...list, line].slice(-KEEP)),
    { onOpen: () => setLines([]) },
  );
  let box: HTMLPreElement | undefined;
  const scrolled = () => queueMicrotask(() => box && (box.scrollTop = box.scrollHeight));

  return (
    <section aria-label="Logs" data-testid="container-logs">
      <h3>
        Logs <span class="muted small">({paused() ? 'paused' : state()})</span>
      </h3>
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(draft().trim());
        }}
      >
        <label>
          Search
          <input type="search" value={draft()} onInput={(e) => setDraft(e.currentTarget.value)} />
        </label>
        <button type="submit">Search</button>
        <button type="button" aria-pressed={!paused()} onClick={() => setPaused(!paused())}>
          {paused() ? 'Follow' : 'Pause'}
        </button>
      </form>
      <Show when={problem()}>
        <p class="error small" role="alert">
          {problem()}
        </p>
      </Show>
      <pre class="logs" ref={box} tabindex="0" aria-label="Log lines">
        <Show when={lines().length > 0} fallback={<span class="muted">No lines.</span>}>
          <For each={lines()}>
            {(line) => {
              scrolled();
              return (
                <div class={line.stream === 'stderr' ? 'log-err' : undefined}>
                  <span class="muted">{formatTime(line.at)} </span>
                  {line.text}
                </div>
              );
            }}
          </For>
        </Show>
      </pre>
    </section>
  );
}
