// Reads a server-sent-events response the way a browser's EventSource does,
// keeping the last id it saw for a reconnect (Last-Event-ID).
export interface SseMessage {
  id?: string;
  event?: string;
  data: string;
}

export function readSse(res: Response) {
  if (!res.body) throw new Error('the response has no body');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let lastEventId: string | undefined;
  const pending: SseMessage[] = [];

  function parse(block: string): SseMessage | undefined {
    const msg: SseMessage = { data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') msg.id = value;
      else if (field === 'event') msg.event = value;
    }
    if (data.length === 0) return undefined;
    msg.data = data.join('\n');
    return msg;
  }

  return {
    /** The next message (comments and keep-alives skipped); fails after timeoutMs. */
    async next(timeoutMs = 10_000): Promise<SseMessage> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const ready = pending.shift();
        if (ready) {
          if (ready.id !== undefined) lastEventId = ready.id;
          return ready;
        }
        const blocks = buffer.split('\n\n');
        if (blocks.length > 1) {
          buffer = blocks.pop()!;
          for (const b of blocks) {
            const m = parse(b);
            if (m) pending.push(m);
          }
          continue;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no server-sent event within ${timeoutMs} ms`);
        let timer: NodeJS.Timeout | undefined;
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no server-sent event within ${timeoutMs} ms`)),
              left,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        if (chunk.done) throw new Error('the event stream ended');
        buffer += chunk.value;
      }
    },
    /** The id of the last message next() returned, as EventSource would send it on reconnect. */
    lastEventId: () => lastEventId,
    close: () => reader.cancel(),
  };
}

export type SseReader = ReturnType<typeof readSse>;

export interface OpenSseOptions {
  /** Sent as they are: e.g. the test service's session cookie. */
  headers?: Record<string, string>;
  /** Resumes like a reconnecting EventSource. */
  lastEventId?: string | undefined;
}

/** Opens an event stream; fails unless it answers 200 with text/event-stream. */
export async function openSse(url: string, options: OpenSseOptions = {}): Promise<SseReader> {
  const headers = new Headers(options.headers);
  headers.set('accept', 'text/event-stream');
  if (options.lastEventId !== undefined) headers.set('last-event-id', options.lastEventId);
  const res = await fetch(url, { headers });
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith('text/event-stream')) {
    throw new Error(`${url} answered ${res.status} ${type}: ${await res.text()}`);
  }
  return readSse(res);
}
