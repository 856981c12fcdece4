// Every call the UI makes to the service's API, typed as the service answers.
// The fetch helper is @homelab/nats/ui's: failures are its ApiError with the
// service's own message, a route the service does not have (yet) is a 404 with
// a readable message, never a crash, and a 401 (other than the login form's
// own) sends the user to the login page (lib/session.ts).
import { authCalls, createApiClient, queryString, type ServiceInfo } from '@homelab/nats/ui';

export const api = createApiClient();
const { call } = api;

const enc = encodeURIComponent;

export function fetchInfo(): Promise<ServiceInfo> {
  return call<ServiceInfo>('/api/info');
}

// ---- auth ---------------------------------------------------------------------

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  discordId: string | null;
  /** Local admin: sees every guild. */
  admin?: boolean;
}

export interface Me {
  user: SessionUser | null;
  discord: { configured: boolean; missing: string[]; redirectUri?: string };
  local: { enabled: boolean };
}

interface RawMe {
  user?: (Partial<SessionUser> & { globalName?: string | null; login?: string }) | null;
  discord?: Partial<Me['discord']>;
  local?: Partial<Me['local']>;
}

const auth = authCalls<RawMe>(api);
export const { login, logout } = auth;

/** Reads /api/auth/me leniently: missing parts mean "not configured". */
export async function fetchMe(): Promise<Me> {
  const raw = await auth.fetchMe();
  const u = raw.user;
  const username = u?.username ?? u?.login ?? u?.displayName ?? 'user';
  return {
    user: u
      ? {
          id: u.id ?? username,
          username,
          displayName: u.displayName ?? u.globalName ?? username,
          discordId: u.discordId ?? null,
          admin: u.admin,
        }
      : null,
    discord: {
      configured: raw.discord?.configured ?? false,
      missing: raw.discord?.missing ?? [],
      redirectUri: raw.discord?.redirectUri,
    },
    local: { enabled: raw.local?.enabled ?? false },
  };
}

/** Where "Log in with Discord" goes: a server route, not a page of this app. */
export const DISCORD_LOGIN_URL = '/auth/discord/login';

// ---- bot and guilds -----------------------------------------------------------

export interface BotStatus {
  state: 'not_configured' | 'connecting' | 'ready' | 'reconnecting' | 'error' | string;
  /** The bot's Discord account once logged in. */
  user: { id: string; username: string } | null;
  guildCount: number;
  /** When the current state began. */
  since: string;
  lastError: string | null;
  reconnects: number;
  /** What to set or do, for not_configured and error. */
  hint: string | null;
}

export function fetchBotStatus(): Promise<BotStatus> {
  return call<BotStatus>('/api/bot/status');
}

export interface Guild {
  guildId: string;
  name: string;
  icon: string | null;
  memberCount: number;
  joinedAt: string;
}

type RawGuild = Partial<Guild> & { id?: string };

export async function fetchGuilds(): Promise<Guild[]> {
  const { guilds } = await call<{ guilds: RawGuild[] }>('/api/guilds');
  return guilds.map((g) => ({
    guildId: g.guildId ?? g.id ?? '',
    name: g.name ?? g.guildId ?? g.id ?? '?',
    icon: g.icon ?? null,
    memberCount: g.memberCount ?? 0,
    joinedAt: g.joinedAt ?? new Date().toISOString(),
  }));
}

// ---- tickets ------------------------------------------------------------------

export type TicketStatus = 'open' | 'claimed' | 'closed';

export interface DiscordPerson {
  userId: string;
  username: string;
}

export interface Ticket {
  id: string;
  guildId: string;
  number: number;
  channelId: string | null;
  /** 'claimed': open and taken by someone. */
  status: TicketStatus;
  /** The first answer, else "Ticket #n". */
  subject: string;
  openedBy: DiscordPerson;
  openedVia: 'discord' | 'web';
  answers: { question: string; answer: string }[];
  memberIds: string[];
  claimedBy: DiscordPerson | null;
  claimedAt: string | null;
  closedBy: DiscordPerson | null;
  closeReason: string | null;
  createdAt: string;
  lastActivityAt: string;
  closedAt: string | null;
}

export interface TicketMessage {
  messageId: string;
  authorId: string;
  authorTag: string;
  authorIsBot: boolean;
  content: string;
  attachments: { name: string; url: string; size: number }[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface TicketsPage {
  tickets: Ticket[];
  nextCursor: string | null;
}

export function fetchTickets(q: {
  guild: string;
  status?: TicketStatus;
  member?: string;
  cursor?: string;
  limit?: number;
}): Promise<TicketsPage> {
  return call<TicketsPage>(`/api/tickets${queryString({ limit: 25, ...q })}`);
}

export async function fetchTicket(
  id: string,
): Promise<{ ticket: Ticket; transcript: TicketMessage[] }> {
  return call<{ ticket: Ticket; transcript: TicketMessage[] }>(`/api/tickets/${enc(id)}`);
}

export async function openTicket(input: {
  guildId: string;
  memberId: string;
  memberTag: string;
  answers?: string[];
}): Promise<Ticket> {
  return (await call<{ ticket: Ticket }>('/api/tickets', { method: 'POST', body: input })).ticket;
}

export async function closeTicket(id: string, reason: string): Promise<Ticket> {
  const body = reason.trim() ? { reason: reason.trim() } : {};
  return (await call<{ ticket: Ticket }>(`/api/tickets/${enc(id)}/close`, { method: 'POST', body }))
    .ticket;
}

// ---- settings -----------------------------------------------------------------

export interface TicketQuestion {
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
}

export interface GuildSettings {
  ticketCategoryId: string | null;
  staffRoleIds: string[];
  maxOpenTicketsPerMember: number;
  ticketQuestions: TicketQuestion[];
  autoCloseHours: number | null;
  panelChannelId: string | null;
  panelMessageId: string | null;
  unverifiedRoleId: string | null;
  verifiedRoleId: string | null;
  verificationQuestion: string | null;
  verificationAnswer: string | null;
  logChannelId: string | null;
}

export const DEFAULT_SETTINGS: GuildSettings = {
  ticketCategoryId: null,
  staffRoleIds: [],
  maxOpenTicketsPerMember: 1,
  ticketQuestions: [],
  autoCloseHours: null,
  panelChannelId: null,
  panelMessageId: null,
  unverifiedRoleId: null,
  verifiedRoleId: null,
  verificationQuestion: null,
  verificationAnswer: null,
  logChannelId: null,
};

export async function fetchSettings(guildId: string): Promise<GuildSettings> {
  const { settings } = await call<{ settings: Partial<GuildSettings> }>(
    `/api/guilds/${enc(guildId)}/settings`,
  );
  return { ...DEFAULT_SETTINGS, ...settings };
}

export type SettingsInput = Omit<GuildSettings, 'panelChannelId' | 'panelMessageId'>;

export async function saveSettings(guildId: string, input: SettingsInput): Promise<GuildSettings> {
  const { settings } = await call<{ settings: Partial<GuildSettings> }>(
    `/api/guilds/${enc(guildId)}/settings`,
    { method: 'PUT', body: input },
  );
  return { ...DEFAULT_SETTINGS, ...settings };
}

/** Posts (or re-posts) the ticket panel or the verify panel in a channel. */
export function postPanel(
  guildId: string,
  kind: 'ticket' | 'verify',
  channelId: string,
): Promise<unknown> {
  return call(`/api/guilds/${enc(guildId)}/${kind}-panel`, {
    method: 'POST',
    body: { channelId },
  });
}

// ---- role panels --------------------------------------------------------------

export interface PanelRole {
  roleId: string;
  label: string;
  emoji: string | null;
}

export interface RolePanel {
  id: string;
  guildId: string;
  channelId: string;
  messageId: string | null;
  title: string;
  singleChoice: boolean;
  roles: PanelRole[];
  createdAt: string;
  updatedAt: string;
}

export type RolePanelInput = Pick<RolePanel, 'channelId' | 'title' | 'singleChoice' | 'roles'>;

const panelsPath = (guildId: string) => `/api/guilds/${enc(guildId)}/role-panels`;

export async function fetchRolePanels(guildId: string): Promise<RolePanel[]> {
  return (await call<{ panels: RolePanel[] }>(panelsPath(guildId))).panels;
}

export function createRolePanel(guildId: string, input: RolePanelInput): Promise<unknown> {
  return call(panelsPath(guildId), { method: 'POST', body: input });
}

export function updateRolePanel(
  guildId: string,
  id: string,
  input: RolePanelInput,
): Promise<unknown> {
  return call(`${panelsPath(guildId)}/${enc(id)}`, { method: 'PUT', body: input });
}

export function deleteRolePanel(guildId: string, id: string): Promise<unknown> {
  return call(`${panelsPath(guildId)}/${enc(id)}`, { method: 'DELETE' });
}

// ---- moderation ---------------------------------------------------------------

export const MODERATION_ACTIONS = ['warn', 'timeout', 'kick', 'ban'] as const;

export interface ModerationEntry {
  id: string;
  guildId: string;
  action: string;
  moderator: DiscordPerson;
  target: DiscordPerson;
  reason: string | null;
  durationSeconds: number | null;
  createdAt: string;
}

export interface ModerationPage {
  actions: ModerationEntry[];
  nextCursor: string | null;
}

export function fetchModeration(q: {
  guild: string;
  action?: string;
  target?: string;
  moderator?: string;
  since?: string;
  cursor?: string;
}): Promise<ModerationPage> {
  return call<ModerationPage>(`/api/moderation${queryString({ limit: 50, ...q })}`);
}
