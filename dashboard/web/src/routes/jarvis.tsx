import { createSignal, Show } from 'solid-js';
import { JarvisChat } from '../components/jarvis-chat.tsx';
import { JarvisLogAnalyses } from '../components/jarvis-log-analyses.tsx';
import { JarvisSessions } from '../components/jarvis-sessions.tsx';
import { LoadError } from '../components/load-error.tsx';
import {
  deleteSession,
  fetchAiStatus,
  fetchLogAnalyses,
  fetchSession,
  fetchSessions,
  renameSession,
  streamChat,
  type AiAction,
} from '../lib/jarvis-api.ts';
import { applyEvent, itemsFrom, type ChatItem } from '../lib/jarvis-items.ts';
import { errorText } from '../lib/format.ts';
import { createPolled } from '../lib/poll.ts';
import './jarvis.css';

const NEW_TITLE = 'New conversation';

/** /jarvis: the AI assistant's conversations, the chat with approvals, and log analyses. */
export function JarvisPage() {
  // Asks the API itself too, so a wrong key or address shows here, not on the first message.
  const status = createPolled(() => fetchAiStatus(true), 300_000);
  const sessions = createPolled(fetchSessions, 30_000);
  const analyses = createPolled(() => fetchLogAnalyses(), 15_000);
  const [selected, setSelected] = createSignal<string>();
  const [title, setTitle] = createSignal(NEW_TITLE);
  const [items, setItems] = createSignal<ChatItem[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();
  const configured = () => status.value()?.configured === true;

  async function open(id: string | undefined) {
    setSelected(id);
    setError(undefined);
    if (!id) {
      setTitle(NEW_TITLE);
      setItems([]);
      return;
    }
    try {
      const detail = await fetchSession(id);
      if (selected() !== id) return;
      setTitle(detail.session.title);
      setItems(itemsFrom(detail.messages, detail.actions));
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function send(message: string) {
    setBusy(true);
    setError(undefined);
    setItems((list) => [...list, { kind: 'user', text: message }]);
    let sessionId = selected();
    try {
      await streamChat({ sessionId, message }, (e) => {
        if (e.event === 'session') {
          sessionId = e.session.id;
          setSelected(e.session.id);
          setTitle(e.session.title);
        } else if (e.event === 'error') {
          setError(e.message);
        } else {
          setItems((list) => applyEvent(list, e));
        }
      });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
      void sessions.refetch();
    }
    // The stored conversation is the truth (ids of actions, recorded results).
    if (sessionId && selected() === sessionId) {
      const failed = error();
      await open(sessionId);
      if (failed) setError(failed);
    }
  }

  const decided = (action: AiAction) => {
    setItems((list) =>
      list.map((item) =>
        item.kind === 'action' && item.action.id === action.id ? { kind: 'action', action } : item,
      ),
    );
  };

  return (
    <>
      <div class="page-head">
        <h1>Jarvis</h1>
        <Show when={status.value()}>
          {(s) => (
            <span class="muted small">
              {s().model} at {s().baseUrlHost}
            </span>
          )}
        </Show>
      </div>
      <LoadError error={status.error()} retry={() => void status.refetch()} />
      <Show when={status.value() && !configured()}>
        <p class="notice bad" role="alert" data-testid="jarvis-not-configured">
          <strong>Jarvis is not configured: </strong>
          {status.value()?.hint}
        </p>
      </Show>
      <Show when={status.value()?.check}>
        {(check) => (
          <Show when={!check().reachable || check().modelListed === false}>
            <p class="notice bad" role="alert" data-testid="jarvis-check">
              {check().reachable
                ? `The AI at ${status.value()?.baseUrlHost} does not list the model ${status.value()?.model}: set JARVIS_MODEL to one it has.`
                : `Jarvis cannot reach its AI at ${status.value()?.baseUrlHost}: ${check().error}`}
            </p>
          </Show>
        )}
      </Show>
      <div class="jarvis-layout">
        <JarvisSessions
          sessions={sessions.value()?.sessions ?? []}
          selected={selected()}
          onSelect={(id) => void open(id)}
          onRename={async (id, newTitle) => {
            try {
              const { session } = await renameSession(id, newTitle);
              if (selected() === id) setTitle(session.title);
              await sessions.refetch();
            } catch (err) {
              setError(errorText(err));
            }
          }}
          onDelete={async (id) => {
            try {
              await deleteSession(id);
              if (selected() === id) await open(undefined);
              await sessions.refetch();
            } catch (err) {
              setError(errorText(err));
            }
          }}
        />
        <JarvisChat
          title={title()}
          items={items()}
          busy={busy()}
          error={error()}
          disabled={!configured()}
          onSend={(m) => void send(m)}
          onDecided={decided}
        />
      </div>
      <section class="card">
        <h2>Log analyses</h2>
        <Show when={analyses.value()}>{(a) => <JarvisLogAnalyses analyses={a().analyses} />}</Show>
        <LoadError error={analyses.error()} />
      </section>
    </>
  );
}
