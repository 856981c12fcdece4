import { createEffect, createSignal, For, on, Show } from 'solid-js';
import { fetchChatMessages, type ChatMessage } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

function when(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** The stored chat, newest first, searchable, a page at a time. */
export function ChatLog(props: { channel: string; platform?: string }) {
  const [q, setQ] = createSignal('');
  const [messages, setMessages] = createSignal<ChatMessage[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [error, setError] = createSignal<string>();
  const [loading, setLoading] = createSignal(false);

  const load = async (more: boolean) => {
    setError(undefined);
    setLoading(true);
    try {
      const page = await fetchChatMessages({
        channel: props.channel,
        platform: props.platform ?? '',
        q: q().trim(),
        limit: 50,
        cursor: more ? (cursor() ?? undefined) : undefined,
      });
      setMessages(more ? [...messages(), ...page.messages] : page.messages);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };

  createEffect(
    on(
      () => [props.channel, props.platform],
      () => void load(false),
    ),
  );

  return (
    <section class="card" aria-labelledby="chatlog-title">
      <h2 id="chatlog-title">Chat log</h2>
      <form
        class="search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void load(false);
        }}
      >
        <input
          type="search"
          maxLength={200}
          placeholder="Search messages or chatters"
          aria-label="Search chat"
          value={q()}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      <Show when={error()}>
        <p class="error">{error()}</p>
      </Show>
      <Show
        when={messages().length > 0}
        fallback={<p class="muted">{loading() ? 'Loading…' : 'No messages match.'}</p>}
      >
        <ul class="chatlog" data-testid="chatlog">
          <For each={messages()}>
            {(m) => (
              <li>
                <time class="muted" datetime={m.sentAt}>
                  {when(m.sentAt)}
                </time>
                <span class="muted channel">#{m.channel}</span>
                <strong class="who">{m.chatterName || m.chatterLogin}</strong>
                <span class="text" classList={{ command: Boolean(m.command) }}>
                  {m.text}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={cursor()}>
        <button type="button" disabled={loading()} onClick={() => void load(true)}>
          Older messages
        </button>
      </Show>
    </section>
  );
}
