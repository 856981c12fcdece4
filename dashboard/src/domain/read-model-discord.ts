// What the dashboard keeps of discord-bot's data and how discord-bot's events
// change it. Shapes follow discord-bot's query answers (nats/src/contracts).
// Each reducer may see an event twice (read-model.ts), so each is idempotent;
// when the copy lacks what an event needs, it returns undefined and the model
// asks discord-bot again instead of guessing.

export interface DiscordUser {
  userId: string;
  username: string;
}

export interface TicketView {
  ticketId: string;
  guildId: string;
  subject: string;
  status: 'open' | 'claimed' | 'closed';
  openedBy: DiscordUser;
  claimedBy: DiscordUser | null;
  openedAt: string;
  closedAt: string | null;
}

export interface TicketSummary {
  open: number;
  claimed: number;
  unclaimed: number;
  oldestOpenedAt: string | null;
}

/** Open tickets (claimed or not), newest first, and the counts over all of them. */
export interface OpenTickets {
  summary: TicketSummary;
  tickets: TicketView[];
}

export type TicketEvent =
  | { type: 'opened'; ticketId: string; guildId: string; openedBy: DiscordUser; subject: string }
  | { type: 'claimed'; ticketId: string; claimedBy: DiscordUser }
  | { type: 'closed'; ticketId: string }
  | { type: 'reopened'; ticketId: string };

const byNewest = (a: TicketView, b: TicketView) => Date.parse(b.openedAt) - Date.parse(a.openedAt);

function opened(state: OpenTickets, e: TicketEvent & { type: 'opened' }, at: string) {
  if (state.tickets.some((t) => t.ticketId === e.ticketId)) return state;
  const ticket: TicketView = {
    ticketId: e.ticketId,
    guildId: e.guildId,
    subject: e.subject,
    status: 'open',
    openedBy: e.openedBy,
    claimedBy: null,
    openedAt: at,
    closedAt: null,
  };
  const { summary } = state;
  const oldest = summary.oldestOpenedAt;
  return {
    summary: {
      open: summary.open + 1,
      claimed: summary.claimed,
      unclaimed: summary.unclaimed + 1,
      oldestOpenedAt: oldest && Date.parse(oldest) <= Date.parse(at) ? oldest : at,
    },
    tickets: [ticket, ...state.tickets].sort(byNewest),
  };
}

function claimed(state: OpenTickets, e: TicketEvent & { type: 'claimed' }) {
  const ticket = state.tickets.find((t) => t.ticketId === e.ticketId);
  if (!ticket) return undefined;
  if (ticket.status === 'claimed') return state;
  const { summary } = state;
  return {
    summary: { ...summary, claimed: summary.claimed + 1, unclaimed: summary.unclaimed - 1 },
    tickets: state.tickets.map((t) =>
      t === ticket ? { ...t, status: 'claimed' as const, claimedBy: e.claimedBy } : t,
    ),
  };
}

function closed(state: OpenTickets, e: TicketEvent & { type: 'closed' }) {
  const ticket = state.tickets.find((t) => t.ticketId === e.ticketId);
  // Not in the copy: closed already, or older than the tickets kept; only discord-bot knows.
  if (!ticket) return undefined;
  const tickets = state.tickets.filter((t) => t !== ticket);
  const { summary } = state;
  let oldestOpenedAt = summary.oldestOpenedAt;
  if (ticket.openedAt === oldestOpenedAt) {
    // The next oldest is known only when the copy holds every open ticket.
    if (state.tickets.length !== summary.open) return undefined;
    oldestOpenedAt = tickets.at(-1)?.openedAt ?? null;
  }
  const wasClaimed = ticket.status === 'claimed';
  return {
    summary: {
      open: summary.open - 1,
      claimed: summary.claimed - (wasClaimed ? 1 : 0),
      unclaimed: summary.unclaimed - (wasClaimed ? 0 : 1),
      oldestOpenedAt,
    },
    tickets,
  };
}

/** ticket.opened / claimed / closed / reopened on the open tickets and their counts. */
export function applyTicketEvent(
  state: OpenTickets,
  event: TicketEvent,
  occurredAt: string,
): OpenTickets | undefined {
  switch (event.type) {
    case 'opened':
      return opened(state, event, occurredAt);
    case 'claimed':
      return claimed(state, event);
    case 'closed':
      return closed(state, event);
    case 'reopened':
      // The event lacks the subject and opener, so the ticket's view comes from discord-bot.
      return undefined;
  }
}

export interface Guild {
  guildId: string;
  name: string;
  memberCount: number;
  joinedAt: string;
}

export interface GuildList {
  guilds: Guild[];
}

export type GuildEvent =
  | { type: 'joined'; guildId: string; name: string; memberCount: number }
  | { type: 'left'; guildId: string };

/** guild.joined / guild.left. */
export function applyGuildEvent(
  state: GuildList,
  event: GuildEvent,
  occurredAt: string,
): GuildList {
  const others = state.guilds.filter((g) => g.guildId !== event.guildId);
  if (event.type === 'left') {
    return others.length === state.guilds.length ? state : { guilds: others };
  }
  const known = state.guilds.find((g) => g.guildId === event.guildId);
  const guild: Guild = {
    guildId: event.guildId,
    name: event.name,
    memberCount: event.memberCount,
    joinedAt: known?.joinedAt ?? occurredAt,
  };
  return {
    guilds: known ? state.guilds.map((g) => (g === known ? guild : g)) : [...others, guild],
  };
}

/** The most moderation actions the dashboard keeps (and serves). */
export const ACTIONS_KEPT = 50;

export interface ModerationAction {
  actionId: string;
  guildId: string;
  action: 'warn' | 'timeout' | 'kick' | 'ban' | 'unban';
  target: DiscordUser;
  moderator: DiscordUser;
  reason: string | null;
  durationSeconds: number | null;
  createdAt: string;
}

export interface ModerationLog {
  actions: ModerationAction[];
}

/** moderation.action-taken: newest first, each action once. */
export function addModerationAction(
  state: ModerationLog,
  action: Omit<ModerationAction, 'createdAt'>,
  occurredAt: string,
): ModerationLog {
  if (state.actions.some((a) => a.actionId === action.actionId)) return state;
  const actions = [{ ...action, createdAt: occurredAt }, ...state.actions]
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
    .slice(0, ACTIONS_KEPT);
  return { actions };
}
