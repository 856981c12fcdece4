// Server-sent event streams as Solid state. EventSource reconnects by itself
// (sending Last-Event-ID, so the live feed replays what was missed); a stream
// the server refused (401, 503) is closed for good and shown as such, and so
// is one that ended with the service's own `error` message (whose text is kept).
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';

export type StreamState = 'connecting' | 'live' | 'closed';

export interface EventStream {
  state: Accessor<StreamState>;
  /** The service's reason when it ended the stream with an `error` message. */
  problem: Accessor<string | undefined>;
}

export interface EventStreamOptions {
  /** Called on every (re)connection, before its first message. */
  onOpen?: () => void;
}

/**
 * Opens `url()` while it is defined and calls `onData` with each unnamed
 * message's JSON; a new url closes the old stream first.
 */
export function createEventStream<T>(
  url: Accessor<string | undefined>,
  onData: (data: T) => void,
  options: EventStreamOptions = {},
): EventStream {
  const [state, setState] = createSignal<StreamState>('connecting');
  const [problem, setProblem] = createSignal<string>();
  createEffect(() => {
    const address = url();
    if (!address) return;
    setState('connecting');
    setProblem(undefined);
    const source = new EventSource(address);
    source.onopen = () => {
      setState('live');
      options.onOpen?.();
    };
    source.addEventListener('ready', () => setState('live'));
    source.onmessage = (message: MessageEvent<string>) => {
      const data = parseJson(message.data);
      if (data !== undefined) onData(data as T);
    };
    source.onerror = (event: Event) => {
      // A named `error` message from the service carries its reason; reconnecting would repeat it.
      if (event instanceof MessageEvent && typeof event.data === 'string') {
        const body = parseJson(event.data) as { error?: { message?: string } } | undefined;
        setProblem(body?.error?.message ?? event.data);
        source.close();
      }
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    };
    onCleanup(() => source.close());
  });
  return { state, problem };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
