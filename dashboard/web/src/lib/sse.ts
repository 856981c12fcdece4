// Server-sent event streams as Solid state. EventSource reconnects by itself
// (sending Last-Event-ID, so the live feed replays what was missed); a stream
// the server refused (401, 503) is closed for good and shown as such.
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js';

export type StreamState = 'connecting' | 'live' | 'closed';

/**
 * Opens `url()` while it is defined and calls `onData` with each unnamed
 * message's JSON; a new url closes the old stream first.
 */
export function createEventStream<T>(
  url: Accessor<string | undefined>,
  onData: (data: T) => void,
): Accessor<StreamState> {
  const [state, setState] = createSignal<StreamState>('connecting');
  createEffect(() => {
    const address = url();
    if (!address) return;
    setState('connecting');
    const source = new EventSource(address);
    source.onopen = () => setState('live');
    source.addEventListener('ready', () => setState('live'));
    source.onmessage = (message: MessageEvent<string>) => {
      try {
        onData(JSON.parse(message.data) as T);
      } catch {
        // A message that is not JSON (a comment, a keep-alive) carries nothing to show.
      }
    };
    source.onerror = () =>
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    onCleanup(() => source.close());
  });
  return state;
}
