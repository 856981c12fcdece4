import { createSignal, For, Show } from 'solid-js';
import type { AiSession } from '../lib/jarvis-api.ts';
import { formatAgo } from '../lib/format.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';

/** The conversations, newest first: open one, rename it in place, or delete it (asked first). */
export function JarvisSessions(props: {
  sessions: AiSession[];
  selected: string | undefined;
  onSelect: (id: string | undefined) => void;
  onRename: (id: string, title: string) => Promise<void>;
  onDelete: (id: string) => Promise<void>;
}) {
  const [editing, setEditing] = createSignal<string>();
  const [draft, setDraft] = createSignal('');
  const [deleting, setDeleting] = createSignal<AiSession>();

  return (
    <nav class="card jarvis-sessions" aria-label="Conversations">
      <div class="card-head">
        <h2>Conversations</h2>
        <button type="button" class="primary" onClick={() => props.onSelect(undefined)}>
          New
        </button>
      </div>
      <Show when={props.sessions.length > 0} fallback={<p class="muted">No conversations yet.</p>}>
        <ul class="list">
          <For each={props.sessions}>
            {(s) => (
              <li aria-current={props.selected === s.id ? 'true' : undefined}>
                <Show
                  when={editing() === s.id}
                  fallback={
                    <>
                      <button
                        type="button"
                        class="link session-title"
                        onClick={() => props.onSelect(s.id)}
                      >
                        {s.title}
                      </button>
                      <span class="muted small">{formatAgo(s.updatedAt)}</span>
                      <span class="row-actions">
                        <button
                          type="button"
                          class="link"
                          aria-label={`Rename ${s.title}`}
                          onClick={() => {
                            setDraft(s.title);
                            setEditing(s.id);
                          }}
                        >
                          Rename
                        </button>
                        <button
                          type="button"
                          class="link"
                          aria-label={`Delete ${s.title}`}
                          onClick={() => setDeleting(s)}
                        >
                          Delete
                        </button>
                      </span>
                    </>
                  }
                >
                  <form
                    class="rename"
                    onSubmit={(e) => {
                      e.preventDefault();
                      void props.onRename(s.id, draft()).then(() => setEditing(undefined));
                    }}
                  >
                    <input
                      aria-label="New title"
                      value={draft()}
                      maxLength={120}
                      onInput={(e) => setDraft(e.currentTarget.value)}
                    />
                    <button type="submit">Save</button>
                    <button type="button" onClick={() => setEditing(undefined)}>
                      Cancel
                    </button>
                  </form>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ConfirmDialog
        open={deleting() !== undefined}
        title="Delete this conversation?"
        confirmLabel="Delete"
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const s = deleting();
          setDeleting(undefined);
          if (s) void props.onDelete(s.id);
        }}
      >
        <p>
          “{deleting()?.title}” and its messages are deleted. The actions it proposed stay in the
          audit list.
        </p>
      </ConfirmDialog>
    </nav>
  );
}
