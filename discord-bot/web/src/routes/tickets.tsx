import { createResource, createSignal, For, Show } from 'solid-js';
import { FormError } from '@homelab/nats/ui';
import {
  fetchSettings,
  fetchTickets,
  openTicket,
  type Ticket,
  type TicketStatus,
} from '../lib/api.ts';
import { errorText, formatAgo, isSnowflake } from '../lib/format.ts';
import { go, navigate } from '../lib/route.ts';
import { loaded } from '../lib/resource.ts';

const COLUMNS: { status: TicketStatus; label: string }[] = [
  { status: 'open', label: 'Open' },
  { status: 'claimed', label: 'Claimed' },
  { status: 'closed', label: 'Closed' },
];

/** One column of the board: its own pages, "Load more" follows the cursor. */
function TicketColumn(props: {
  guildId: string;
  status: TicketStatus;
  label: string;
  member: string;
}) {
  const [tickets, setTickets] = createSignal<Ticket[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const load = async (more: boolean) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await fetchTickets({
        guild: props.guildId,
        status: props.status,
        member: props.member || undefined,
        cursor: more ? (cursor() ?? undefined) : undefined,
      });
      setTickets(more ? [...tickets(), ...page.tickets] : page.tickets);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setLoading(false);
    }
  };
  void load(false);

  return (
    <section class={`column column-${props.status}`} aria-label={`${props.label} tickets`}>
      <h3>
        {props.label} <span class="count">{tickets().length}</span>
      </h3>
      <FormError message={error()} />
      <Show when={!loading() && !error() && tickets().length === 0}>
        <p class="muted small">None.</p>
      </Show>
      <ul class="ticket-cards">
        <For each={tickets()}>
          {(t) => {
            const href = `/guilds/${props.guildId}/tickets/${t.id}`;
            return (
              <li>
                <a class="ticket-card" href={href} onClick={(e) => navigate(e, href)}>
                  <span class="ticket-title">
                    <strong>#{t.number}</strong> {t.openedBy.username}
                  </span>
                  <span class="ticket-subject">{t.subject}</span>
                  <span class="muted small">
                    opened {formatAgo(t.createdAt)}
                    <Show when={t.status === 'claimed' && t.claimedBy}>
                      {(by) => <> · by {by().username}</>}
                    </Show>
                    <Show when={t.closedAt}>{(at) => <> · closed {formatAgo(at())}</>}</Show>
                    <Show when={t.openedVia === 'web'}> · from the web</Show>
                  </span>
                </a>
              </li>
            );
          }}
        </For>
      </ul>
      <Show when={cursor()}>
        <button type="button" disabled={loading()} onClick={() => void load(true)}>
          {loading() ? 'Loading…' : 'Load more'}
        </button>
      </Show>
    </section>
  );
}

function OpenTicketForm(props: { guildId: string }) {
  // The guild's questions, when its settings can be read; the member's answers go with them.
  const [settings] = createResource(() => props.guildId, fetchSettings);
  const questions = () => loaded(settings)?.ticketQuestions ?? [];
  const [memberId, setMemberId] = createSignal('');
  const [memberTag, setMemberTag] = createSignal('');
  const [answers, setAnswers] = createSignal<string[]>([]);
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    setError(undefined);
    if (!isSnowflake(memberId().trim())) {
      setError(
        'Member id: a Discord user id (17–20 digits; right-click the member, Copy User ID).',
      );
      return;
    }
    setBusy(true);
    try {
      const given = questions().map((_, i) => (answers()[i] ?? '').trim());
      const ticket = await openTicket({
        guildId: props.guildId,
        memberId: memberId().trim(),
        memberTag: memberTag().trim(),
        ...(given.length > 0 ? { answers: given } : {}),
      });
      go(`/guilds/${props.guildId}/tickets/${ticket.id}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form" aria-label="Open a ticket" onSubmit={(e) => void submit(e)}>
      <div class="row">
        <label>
          Member id
          <input
            name="memberId"
            inputmode="numeric"
            required
            value={memberId()}
            onInput={(e) => setMemberId(e.currentTarget.value)}
          />
        </label>
        <label>
          Member name
          <input
            name="memberTag"
            required
            maxlength={64}
            value={memberTag()}
            onInput={(e) => setMemberTag(e.currentTarget.value)}
          />
        </label>
      </div>
      <For each={questions()}>
        {(q, i) => (
          <label>
            {q.label}
            {q.required ? '' : ' (optional)'}
            <input
              required={q.required}
              value={answers()[i()] ?? ''}
              onInput={(e) => {
                const next = [...answers()];
                next[i()] = e.currentTarget.value;
                setAnswers(next);
              }}
            />
          </label>
        )}
      </For>
      <FormError message={error()} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Opening…' : 'Open ticket'}
        </button>
      </div>
    </form>
  );
}

/** /guilds/:id/tickets: the board, open → claimed → closed, filtered by member. */
export function TicketsPage(props: { guildId: string }) {
  const [member, setMember] = createSignal('');
  const [draft, setDraft] = createSignal('');
  const [showOpen, setShowOpen] = createSignal(false);

  return (
    <>
      <section class="card toolbar">
        <form
          class="search"
          onSubmit={(e) => {
            e.preventDefault();
            setMember(draft().trim());
          }}
        >
          <input
            aria-label="Member"
            placeholder="Filter by member id"
            value={draft()}
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
          <button type="submit" class="primary">
            Filter
          </button>
          <Show when={member()}>
            <button
              type="button"
              class="link"
              onClick={() => {
                setDraft('');
                setMember('');
              }}
            >
              Clear
            </button>
          </Show>
        </form>
        <button type="button" class="primary" onClick={() => setShowOpen(!showOpen())}>
          Open a ticket for a member
        </button>
      </section>
      <Show when={showOpen()}>
        <section class="card">
          <h2>Open a ticket for a member</h2>
          <OpenTicketForm guildId={props.guildId} />
        </section>
      </Show>
      {/* Keyed on the filter: a new filter starts every column from its first page. */}
      <Show when={[member()] as const} keyed>
        {([m]) => (
          <div class="board" data-testid="tickets-board">
            <For each={COLUMNS}>
              {(c) => (
                <TicketColumn
                  guildId={props.guildId}
                  status={c.status}
                  label={c.label}
                  member={m}
                />
              )}
            </For>
          </div>
        )}
      </Show>
    </>
  );
}
