import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { ChatItem } from '../lib/jarvis-items.ts';
import type { AiAction } from '../lib/jarvis-api.ts';
import { JarvisActionCard } from './jarvis-action-card.tsx';
import { JarvisToolChip } from './jarvis-tool-chip.tsx';

/** One conversation: what was said, the tools used, the proposed actions, and the message box. */
export function JarvisChat(props: {
  title: string;
  items: ChatItem[];
  busy: boolean;
  error: string | undefined;
  disabled: boolean;
  onSend: (message: string) => void;
  onDecided: (a: AiAction) => void;
}) {
  const [draft, setDraft] = createSignal('');
  const send = () => {
    const text = draft().trim();
    if (!text || props.busy || props.disabled) return;
    setDraft('');
    props.onSend(text);
  };
  return (
    <section class="card jarvis-chat" aria-label="Chat with Jarvis">
      <h2>{props.title}</h2>
      <ol class="jarvis-log" aria-live="polite">
        <Show when={props.items.length === 0}>
          <li class="muted">
            Ask about the homelab: the latest fact, the bots, tickets, containers, health, logs. To
            change something (restart, deploy, import) Jarvis proposes it and you approve.
          </li>
        </Show>
        <For each={props.items}>
          {(item) => (
            <li class={`jarvis-item jarvis-item-${item.kind}`}>
              <Switch>
                <Match when={item.kind === 'user' && item}>
                  {(u) => (
                    <p>
                      <span class="sr-only">You: </span>
                      {u().text}
                    </p>
                  )}
                </Match>
                <Match when={item.kind === 'assistant' && item}>
                  {(a) => (
                    <p>
                      <span class="sr-only">Jarvis: </span>
                      {a().text}
                    </p>
                  )}
                </Match>
                <Match when={item.kind === 'tools' && item}>
                  {(t) => (
                    <div class="chips" aria-label="Tools used">
                      <For each={t().tools}>{(tool) => <JarvisToolChip {...tool} />}</For>
                    </div>
                  )}
                </Match>
                <Match when={item.kind === 'action' && item}>
                  {(a) => <JarvisActionCard action={a().action} onDecided={props.onDecided} />}
                </Match>
              </Switch>
            </li>
          )}
        </For>
        <Show when={props.busy}>
          <li class="muted small" role="status">
            Jarvis is answering…
          </li>
        </Show>
      </ol>
      <Show when={props.error}>
        <p class="notice bad" role="alert">
          {props.error}
        </p>
      </Show>
      <form
        class="jarvis-input"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <textarea
          aria-label="Message to Jarvis"
          rows={2}
          maxLength={4000}
          placeholder="Ask Jarvis…"
          value={draft()}
          disabled={props.disabled}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              send();
            }
          }}
        />
        <button
          type="submit"
          class="primary"
          disabled={props.busy || props.disabled || !draft().trim()}
        >
          Send
        </button>
      </form>
    </section>
  );
}
