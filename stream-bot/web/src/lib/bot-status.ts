// The bot's status, live: Server-Sent Events from /api/bot/status/stream, and
// plain polling of /api/bot/status while the stream is unavailable (an old
// service, a proxy that buffers, a dropped connection).
import { createSignal, onCleanup } from 'solid-js';
import { BOT_STATUS_STREAM_URL, fetchBotStatus, type BotStatus } from './api.ts';
import { errorText } from './format.ts';

const POLL_MS = 5_000;

export function createBotStatus() {
  const [status, setStatus] = createSignal<BotStatus>();
  const [error, setError] = createSignal<string>();
  const [live, setLive] = createSignal(false);
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let disposed = false;

  const poll = async () => {
    try {
      setStatus(await fetchBotStatus());
      setError(undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const startPolling = () => {
    if (timer || disposed) return;
    timer = setInterval(() => void poll(), POLL_MS);
  };

  const onEvent = (event: MessageEvent<string>) => {
    try {
      setStatus(JSON.parse(event.data) as BotStatus);
      setError(undefined);
      setLive(true);
    } catch {
      // A comment or keep-alive line: nothing to show.
    }
  };

  void poll();
  if (typeof EventSource !== 'undefined') {
    source = new EventSource(BOT_STATUS_STREAM_URL);
    source.addEventListener('message', onEvent);
    source.addEventListener('status', onEvent);
    source.addEventListener('error', () => {
      setLive(false);
      // The browser retries by itself while the stream exists; poll meanwhile.
      if (source?.readyState === EventSource.CLOSED) source = undefined;
      startPolling();
    });
    source.addEventListener('open', () => {
      setLive(true);
      if (timer) clearInterval(timer);
      timer = undefined;
    });
  } else {
    startPolling();
  }

  onCleanup(() => {
    disposed = true;
    source?.close();
    if (timer) clearInterval(timer);
  });

  return { status, setStatus, error, live, refresh: poll };
}
