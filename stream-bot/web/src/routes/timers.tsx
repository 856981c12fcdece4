import { createResource, createSignal, For, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { TimerForm } from '../components/timer-form.tsx';
import { createTimer, deleteTimer, fetchTimers, updateTimer, type Timer } from '../lib/api.ts';
import { errorText } from '../lib/format.ts';

/** /timers: messages the bot posts every N minutes while chat is active. */
export function TimersPage() {
  const [timers, { refetch }] = createResource(fetchTimers);
  const [editing, setEditing] = createSignal<string>();
  const [listError, setListError] = createSignal<string>();

  const remove = async (t: Timer) => {
    if (!window.confirm(`Delete the timer "${t.name}"?`)) return;
    setListError(undefined);
    try {
      await deleteTimer(t.id);
      await refetch();
    } catch (err) {
      setListError(errorText(err));
    }
  };

  return (
    <section class="card" aria-labelledby="timers-title">
      <div class="card-head">
        <h2 id="timers-title">Timers</h2>
        <Show when={editing() !== 'new'}>
          <button type="button" class="primary" onClick={() => setEditing('new')}>
            Add timer
          </button>
        </Show>
      </div>
      <p class="muted small">
        A timer posts its message every N minutes, but only when at least the given number of chat
        lines came in since its last post, so a quiet chat is not spammed.
      </p>
      <Show when={editing() === 'new'}>
        <TimerForm
          onCancel={() => setEditing(undefined)}
          onSave={async (input) => {
            await createTimer(input);
            setEditing(undefined);
            await refetch();
          }}
        />
      </Show>
      <Show when={timers.error}>
        <p class="error">Timers unavailable: {errorText(timers.error)}</p>
      </Show>
      <FormError message={listError()} />
      <Show when={!timers.error && timers.latest}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No timers yet.</p>}>
            <ul class="items" data-testid="timers">
              <For each={list()}>
                {(t) => (
                  <li classList={{ disabled: !t.enabled }}>
                    <Show
                      when={editing() === t.id}
                      fallback={
                        <div class="item">
                          <div>
                            <strong>{t.name}</strong>
                            <Show when={!t.enabled}>
                              <span class="pill muted">off</span>
                            </Show>
                            <p class="response">{t.message}</p>
                            <p class="muted small">
                              every {t.intervalMinutes} min · after {t.minChatLines} chat lines
                            </p>
                          </div>
                          <div class="row-actions">
                            <button
                              type="button"
                              class="link"
                              aria-label={`Edit timer ${t.name}`}
                              onClick={() => setEditing(t.id)}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              class="link danger"
                              aria-label={`Delete timer ${t.name}`}
                              onClick={() => void remove(t)}
                            >
                              Delete
                            </button>
                          </div>
                        </div>
                      }
                    >
                      <TimerForm
                        timer={t}
                        onCancel={() => setEditing(undefined)}
                        onSave={async (input) => {
                          await updateTimer(t.id, input);
                          setEditing(undefined);
                          await refetch();
                        }}
                      />
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
    </section>
  );
}
