import { createResource, createSignal, For, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import { closeTicket, fetchTicket } from '../lib/api.ts';
import { errorText, formatAgo, formatTime } from '../lib/format.ts';
import { navigate } from '../lib/route.ts';
import { loaded } from '../lib/resource.ts';

function CloseForm(props: { ticketId: string; onClosed: () => void }) {
  const [reason, setReason] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await closeTicket(props.ticketId, reason());
      props.onClosed();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form close-form" aria-label="Close ticket" onSubmit={(e) => void submit(e)}>
      <label>
        Reason (optional)
        <input
          name="reason"
          maxlength={500}
          value={reason()}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </label>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Closing…' : 'Close ticket'}
        </button>
      </div>
    </form>
  );
}

/** /guilds/:id/tickets/:ticketId: the ticket, its answers and its transcript. */
export function TicketPage(props: { guildId: string; ticketId: string }) {
  const [data, { refetch }] = createResource(() => props.ticketId, fetchTicket);
  const back = () => `/guilds/${props.guildId}/tickets`;

  return (
    <>
      <p>
        <a href={back()} onClick={(e) => navigate(e, back())}>
          ← All tickets
        </a>
      </p>
      <Show when={data.error}>
        <p class="error card" role="alert">
          Cannot load the ticket: {errorText(data.error)}
        </p>
      </Show>
      <Show when={loaded(data)}>
        {(d) => {
          const t = () => d().ticket;
          return (
            <div class="grid-ticket">
              <section class="card" data-testid="ticket">
                <h1>
                  Ticket #{t().number} <span class={`pill pill-${t().status}`}>{t().status}</span>
                </h1>
                <dl class="details">
                  <dt>Opened by</dt>
                  <dd>
                    {t().openedBy.username} <span class="muted small">({t().openedBy.userId})</span>
                  </dd>
                  <dt>Opened</dt>
                  <dd>
                    {formatTime(t().createdAt)}
                    {t().openedVia === 'web' ? ' from the web' : ''}
                  </dd>
                  <Show when={t().claimedBy}>
                    {(by) => (
                      <>
                        <dt>Claimed by</dt>
                        <dd>{by().username}</dd>
                      </>
                    )}
                  </Show>
                  <Show when={t().closedAt}>
                    {(at) => (
                      <>
                        <dt>Closed</dt>
                        <dd>
                          {formatTime(at())}
                          <Show when={t().closedBy}>{(by) => <> by {by().username}</>}</Show>
                        </dd>
                        <dt>Reason</dt>
                        <dd>{t().closeReason ?? '—'}</dd>
                      </>
                    )}
                  </Show>
                  <Show when={t().channelId}>
                    <dt>Channel</dt>
                    <dd>
                      <a
                        href={`https://discord.com/channels/${props.guildId}/${t().channelId}`}
                        target="_blank"
                        rel="noreferrer"
                      >
                        open in Discord
                      </a>
                    </dd>
                  </Show>
                </dl>
                <Show when={t().answers.length > 0}>
                  <h3>Answers</h3>
                  <dl class="answers">
                    <For each={t().answers}>
                      {(a) => (
                        <>
                          <dt>{a.question}</dt>
                          <dd>{a.answer}</dd>
                        </>
                      )}
                    </For>
                  </dl>
                </Show>
                <Show when={t().status !== 'closed'}>
                  <h3>Close</h3>
                  <CloseForm ticketId={t().id} onClosed={() => void refetch()} />
                </Show>
              </section>
              <section class="card" aria-labelledby="transcript-title">
                <h2 id="transcript-title">Transcript</h2>
                <Show
                  when={d().transcript.length > 0}
                  fallback={<p class="muted">No messages in this ticket yet.</p>}
                >
                  <ol class="transcript" data-testid="transcript">
                    <For each={d().transcript}>
                      {(m) => (
                        <li classList={{ deleted: Boolean(m.deletedAt), bot: m.authorIsBot }}>
                          <div class="meta">
                            <strong>{m.authorTag}</strong>
                            <Show when={m.authorIsBot}>
                              <span class="pill">bot</span>
                            </Show>
                            <time datetime={m.createdAt} title={m.createdAt}>
                              {formatTime(m.createdAt)}
                            </time>
                            <Show when={m.editedAt}>
                              <span class="muted small">(edited)</span>
                            </Show>
                            <Show when={m.deletedAt}>
                              {(at) => <span class="muted small">(deleted {formatAgo(at())})</span>}
                            </Show>
                          </div>
                          <p class="content">{m.content}</p>
                          <Show when={m.attachments.length > 0}>
                            <ul class="attachments">
                              <For each={m.attachments}>
                                {(a) => (
                                  <li>
                                    <a href={a.url} target="_blank" rel="noreferrer">
                                      {a.name}
                                    </a>
                                  </li>
                                )}
                              </For>
                            </ul>
                          </Show>
                        </li>
                      )}
                    </For>
                  </ol>
                </Show>
              </section>
            </div>
          );
        }}
      </Show>
    </>
  );
}
