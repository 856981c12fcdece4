// Every call the UI makes to the service's API, typed as the service answers.
// The fetch helper is @homelab/nats/ui's: failures are its ApiError with the
// service's own message, and a 401 (other than the login form's own) sends the
// user to the login page (lib/session.ts).
import { authCalls, createApiClient, queryString, type ServiceInfo } from '@homelab/nats/ui';

export const api = createApiClient();
const { call } = api;

export interface Fact {
  id: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
}

// ---- service and facts -------------------------------------------------------

export function fetchInfo(): Promise<ServiceInfo> {
  return call<ServiceInfo>('/api/info');
}

export async function fetchLatestFact(): Promise<Fact | null> {
  return (await call<{ fact: Fact | null }>('/api/facts/latest')).fact;
}

export async function sayHello(text?: string): Promise<Fact> {
  const body = text ? { text } : {};
  return (await call<{ fact: Fact }>('/api/facts/hello', { method: 'POST', body })).fact;
}

export interface GeneratedFact {
  fact: Fact;
  /** Whether a language model is configured. */
  ai: boolean;
  /** Set when the fact came from the built-in collection: what to configure for AI. */
  notice: string | null;
}

export function generateFact(): Promise<GeneratedFact> {
  return call<GeneratedFact>('/api/facts', { method: 'POST', body: {} });
}

export interface FactsPage {
  facts: Fact[];
  nextCursor: string | null;
}

export function fetchFactsPage(q: { q?: string; source?: string; cursor?: string }) {
  return call<FactsPage>(`/api/facts${queryString({ limit: 20, ...q })}`);
}

// ---- auth ---------------------------------------------------------------------

export interface SessionUser {
  id: string;
  login: string;
  displayName: string;
  twitchId: string | null;
}

export interface Me {
  user: SessionUser | null;
  twitch: { configured: boolean; missing: string[] };
  local: { enabled: boolean };
}

export const { fetchMe, login, logout } = authCalls<Me>(api);

/** Where "Log in with Twitch" goes: a server route, not a page of this app. */
export const TWITCH_LOGIN_URL = '/auth/twitch/login';

// ---- bot status ---------------------------------------------------------------

export type BotState =
  'not_configured' | 'disabled' | 'connecting' | 'connected' | 'reconnecting' | 'error';

export interface BotStatus {
  state: BotState;
  botLogin: string | null;
  channels: string[];
  connectedSince: string | null;
  lastError: string | null;
  reconnects: number;
  hint: string | null;
}

export const BOT_STATUS_STREAM_URL = '/api/bot/status/stream';

export function fetchBotStatus(): Promise<BotStatus> {
  return call<BotStatus>('/api/bot/status');
}

export function connectBot(): Promise<BotStatus> {
  return call<BotStatus>('/api/bot/connect', { method: 'POST', body: {} });
}

export function disconnectBot(): Promise<BotStatus> {
  return call<BotStatus>('/api/bot/disconnect', { method: 'POST', body: {} });
}

// ---- bot config, commands, timers -------------------------------------------

export const BUILTIN_COMMANDS = ['fact', 'commands', 'uptime', 'song', 'sr', 'skip'] as const;
export type BuiltinCommand = (typeof BUILTIN_COMMANDS)[number];

export interface FactSettings {
  cooldownSeconds: number;
  userCooldownSeconds: number;
  prefix: string;
}

export interface PersonalitySettings {
  enabledChannels: string[];
  /** Names viewers address the bot by; empty: its Twitch login. */
  names: string[];
  persona: string;
  model: string;
  userCooldownSeconds: number;
  maxLength: number;
}

export interface BotConfig {
  enabled: boolean;
  channels: string[];
  prefix: string;
  builtinCommands: Record<BuiltinCommand, boolean>;
  factSettings: FactSettings;
  personality: PersonalitySettings;
  /**
   * Whether a language model is configured (OPENAI_API_KEY or OPENAI_BASE_URL), and, when the
   * service says so, whether the bot personality can answer and what to set for it.
   */
  ai?: { configured: boolean; personality?: { available: boolean; hint: string } };
}

export type BotConfigPatch = Partial<
  Pick<BotConfig, 'channels' | 'prefix' | 'builtinCommands' | 'factSettings' | 'personality'>
>;

/** The config route may answer the settings bare or as { config }. */
function unwrapConfig(body: BotConfig | { config: BotConfig; ai?: BotConfig['ai'] }): BotConfig {
  return 'config' in body ? { ...body.config, ai: body.ai ?? body.config.ai } : body;
}

export async function fetchBotConfig(): Promise<BotConfig> {
  return unwrapConfig(await call('/api/bot/config'));
}

export async function saveBotConfig(patch: BotConfigPatch): Promise<BotConfig> {
  return unwrapConfig(await call('/api/bot/config', { method: 'PUT', body: patch }));
}

export const PERMISSIONS = ['everyone', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface CommandInput {
  name: string;
  response: string;
  permission: Permission;
  globalCooldownSeconds: number;
  userCooldownSeconds: number;
  enabled: boolean;
}

export interface Command extends CommandInput {
  id: string;
  useCount: number;
  updatedAt: string;
}

export async function fetchCommands(): Promise<Command[]> {
  return (await call<{ commands: Command[] }>('/api/bot/commands')).commands;
}

export async function createCommand(input: CommandInput): Promise<Command> {
  return (await call<{ command: Command }>('/api/bot/commands', { method: 'POST', body: input }))
    .command;
}

export async function updateCommand(name: string, input: Partial<CommandInput>): Promise<Command> {
  const path = `/api/bot/commands/${encodeURIComponent(name)}`;
  return (await call<{ command: Command }>(path, { method: 'PUT', body: input })).command;
}

export async function deleteCommand(name: string): Promise<void> {
  await call(`/api/bot/commands/${encodeURIComponent(name)}`, { method: 'DELETE' });
}

export interface CommandRun {
  command: string | null;
  reply: string | null;
  refused?: string | null;
}

export function runCommand(input: {
  text: string;
  channel?: string;
  as?: { login: string; role: Permission };
}): Promise<CommandRun> {
  return call<CommandRun>('/api/bot/command', { method: 'POST', body: input });
}

export interface TimerInput {
  name: string;
  message: string;
  intervalMinutes: number;
  minChatLines: number;
  enabled: boolean;
}

export interface Timer extends TimerInput {
  id: string;
}

export async function fetchTimers(): Promise<Timer[]> {
  return (await call<{ timers: Timer[] }>('/api/bot/timers')).timers;
}

export async function createTimer(input: TimerInput): Promise<Timer> {
  return (await call<{ timer: Timer }>('/api/bot/timers', { method: 'POST', body: input })).timer;
}

export async function updateTimer(id: string, input: Partial<TimerInput>): Promise<Timer> {
  const path = `/api/bot/timers/${encodeURIComponent(id)}`;
  return (await call<{ timer: Timer }>(path, { method: 'PUT', body: input })).timer;
}

export async function deleteTimer(id: string): Promise<void> {
  await call(`/api/bot/timers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

// ---- analytics and chat log ----------------------------------------------------

export interface ChatterCount {
  login: string;
  messages: number;
}

export interface AnalyticsSummary {
  from: string;
  to: string;
  channels: string[];
  messages: number;
  commandsRun: number;
  newChatters: number;
  peakPerMinute: number;
  uniqueChatters: number;
  commandUsage: Record<string, number>;
  topChatters: ChatterCount[];
  retentionDays: number;
  days: { day: string; messages: number; commandsRun: number; newChatters: number }[];
}

export function fetchAnalyticsSummary(
  q: { days?: number; channel?: string; platform?: string } = {},
) {
  return call<AnalyticsSummary>(`/api/analytics/summary${queryString(q)}`);
}

export interface DailyRow {
  platform: string;
  channel: string;
  /** Computed from today's chat just now rather than a stored roll-up. */
  live?: boolean;
  day: string;
  messages: number;
  uniqueChatters: number;
  newChatters: number;
  commandsRun: number;
  peakPerMinute: number;
  commandUsage: Record<string, number>;
  topChatters: ChatterCount[];
}

export async function fetchDaily(
  q: { channel?: string; platform?: string; from?: string; to?: string } = {},
) {
  return (await call<{ days: DailyRow[] }>(`/api/analytics/daily${queryString(q)}`)).days;
}

export interface StreamSession {
  id: string;
  platform: string;
  channel: string;
  startedAt: string;
  lastMessageAt: string;
  /** null while it may still go on (no gap long enough yet). */
  endedAt: string | null;
  live?: boolean;
  messages?: number;
  uniqueChatters?: number;
}

export async function fetchSessions(
  q: { channel?: string; platform?: string; limit?: number } = {},
) {
  return (await call<{ sessions: StreamSession[] }>(`/api/analytics/sessions${queryString(q)}`))
    .sessions;
}

export interface SessionDetail extends StreamSession {
  /** Some of its messages are older than the chat log keeps. */
  pruned: boolean;
  messages: number;
  uniqueChatters: number;
  commandsRun: number;
  peakPerMinute: number;
  commandUsage: Record<string, number>;
  topChatters: ChatterCount[];
  newChatters: { count: number; logins: string[] };
  perMinute: { minute: string; messages: number }[];
}

export async function fetchSessionDetail(id: string): Promise<SessionDetail> {
  const path = `/api/analytics/sessions/${encodeURIComponent(id)}`;
  return (await call<{ session: SessionDetail }>(path)).session;
}

export interface ChatMessage {
  id: string;
  channel: string;
  chatterLogin: string;
  chatterName: string;
  text: string;
  command: string | null;
  sentAt: string;
}

export interface ChatPage {
  messages: ChatMessage[];
  nextCursor: string | null;
}

export function fetchChatMessages(q: {
  channel?: string;
  /** '' or left out: every platform. */
  platform?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}): Promise<ChatPage> {
  return call<ChatPage>(`/api/chat/messages${queryString(q)}`);
}
