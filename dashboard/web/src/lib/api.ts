// Every call the dashboard's UI makes to its service, typed as the API answers
// (see docs of issue 5: read-model views, live feed, health, Docker). Failures
// are ApiError from @homelab/nats/ui with the service's message and code; a 401
// sends the user to the login page (lib/session.ts).
import { createApiClient, queryString } from '@homelab/nats/ui';

export const api = createApiClient();
const { call } = api;
const enc = encodeURIComponent;

// ---- service and login ----------------------------------------------------

export interface ServiceInfo {
  service: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  database: { kind: string };
  nats: { status: string };
}

export interface Me {
  user: { id: string; username: string } | null;
}

export const fetchInfo = () => call<ServiceInfo>('/api/info');
export const fetchMe = () => call<Me>('/api/auth/me', { redirectOn401: false });

export function login(username: string, password: string): Promise<Me> {
  const body = { username, password };
  return call<Me>('/api/auth/login', { method: 'POST', body, redirectOn401: false });
}

export function logout(): Promise<unknown> {
  return call('/api/auth/logout', { method: 'POST', body: {}, redirectOn401: false });
}

// ---- other services' read models ------------------------------------------

/** How fresh a read model's answer is: stale when its owner stopped answering. */
export interface Freshness {
  stale: boolean;
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

export interface ReadModelView<T> extends Freshness {
  data: T;
}

export interface Fact {
  factId: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
}

export interface LatestFactView extends Freshness {
  fact: Fact | null;
}

export const fetchLatestFact = () => call<LatestFactView>('/api/facts/latest');
export const fetchFacts = (limit = 20) =>
  call<ReadModelView<{ facts: Fact[] }>>(`/api/facts${queryString({ limit })}`);

export interface StreambotStatus {
  connected: boolean;
  channels: string[];
  connectedSince: string | null;
}

export const fetchStreambotStatus = () =>
  call<ReadModelView<StreambotStatus>>('/api/streambot/status');

/** stream-bot's analytics.summary answer: chat activity since `since`. */
export interface ChatActivity {
  since: string;
  messages: number;
  uniqueChatters: number;
  factsPosted: number;
  topChatters: { username: string; messages: number }[];
}

export const fetchChatActivity = () =>
  call<ReadModelView<ChatActivity>>('/api/streambot/analytics');

export interface DiscordUser {
  userId: string;
  username: string;
}

export interface TicketView {
  ticketId: string;
  guildId: string;
  subject: string;
  status: string;
  openedBy: DiscordUser;
  claimedBy: DiscordUser | null;
  openedAt: string;
  closedAt: string | null;
}

export interface TicketsData {
  summary: { open: number; claimed: number; unclaimed: number; oldestOpenedAt: string | null };
  tickets: TicketView[];
}

export interface Guild {
  guildId: string;
  name: string;
  memberCount: number;
  joinedAt: string;
}

export interface ModerationAction {
  actionId: string;
  guildId: string;
  action: string;
  target: DiscordUser;
  moderator: DiscordUser;
  reason: string | null;
  durationSeconds: number | null;
  createdAt: string;
}

export const fetchTickets = () => call<ReadModelView<TicketsData>>('/api/discord/tickets');
export const fetchGuilds = () => call<ReadModelView<{ guilds: Guild[] }>>('/api/discord/guilds');
export const fetchModeration = () =>
  call<ReadModelView<{ actions: ModerationAction[] }>>('/api/discord/moderation');

// ---- live feed ------------------------------------------------------------

export interface FeedEvent {
  id: string;
  service: string;
  stream: string;
  seq: number;
  subject: string;
  type: string;
  version: number;
  eventId: string;
  occurredAt: string;
  data: unknown;
}

export interface FeedFilter {
  service: string;
  type: string;
}

/** The live feed's address; EventSource resumes it with Last-Event-ID by itself. */
export const eventStreamUrl = (filter: FeedFilter, replay?: number) =>
  `/api/events/stream${queryString({ service: filter.service, type: filter.type, replay })}`;

// ---- health ---------------------------------------------------------------

export type OverallStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

export interface HealthTarget {
  target: string;
  status: string;
  details: unknown;
  since: string | null;
  latencyMs: number | null;
}

export interface ServiceInstance {
  id: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  pingMs: number | null;
  endpoints: {
    name: string;
    subject: string;
    requests: number;
    errors: number;
    averageMs: number;
  }[];
}

export interface HostFigures {
  at: string;
  hostname: string;
  uptimeSeconds: number;
  cpu: { cores: number; percent: number };
  load: number[];
  memory: { totalBytes: number; usedBytes: number; percent: number };
  disks: { path: string; totalBytes: number; freeBytes: number; percent: number }[];
  network: { iface: string; rxBytesPerSec: number; txBytesPerSec: number }[];
}

export interface NatsStreamHealth {
  name: string;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumers: { name: string; pending: number; ackPending: number; redelivered: number }[];
}

export interface Health {
  checkedAt: string;
  status: OverallStatus;
  targets: HealthTarget[];
  services: { name: string; instances: ServiceInstance[] }[];
  host: HostFigures | null;
  nats: {
    connected: boolean;
    server: string | null;
    rttMs: number | null;
    streams: NatsStreamHealth[];
  };
}

export interface HistoryPoint {
  at: string;
  status: string;
  latencyMs: number | null;
  details: Record<string, unknown> | null;
}

export const fetchHealth = () => call<Health>('/api/health');
export const fetchHost = () => call<HostFigures>('/api/health/host');
export const fetchHistory = (target: string, hours = 24) =>
  call<{ target: string; points: HistoryPoint[] }>(
    `/api/health/history${queryString({ target, hours })}`,
  );

// ---- Docker ---------------------------------------------------------------

export interface DockerHost {
  name: string;
  address: string;
  reachable: boolean;
  version: string | null;
  error: string | null;
}

export interface Container {
  host: string;
  id: string;
  name: string;
  image: string;
  state: string;
  status: string;
  health: 'healthy' | 'unhealthy' | 'starting' | null;
  ports: { privatePort: number; publicPort: number | null; type: string; ip: string | null }[];
  createdAt: string;
  stack: boolean;
}

export const CONTAINER_ACTIONS = ['start', 'stop', 'restart', 'pause', 'unpause'] as const;
export type ContainerAction = (typeof CONTAINER_ACTIONS)[number];

export interface ContainerActionRecord {
  id: string;
  host: string;
  containerId: string;
  name: string;
  action: ContainerAction;
  outcome: 'succeeded' | 'failed';
  error: string | null;
  requestedBy: string;
  confirmed: boolean;
  durationMs: number;
  createdAt: string;
}

export interface LogLine {
  stream: 'stdout' | 'stderr';
  at: string;
  text: string;
}

export interface ContainerStats {
  at: string;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  rxBytes: number;
  txBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  pids: number;
}

export const fetchDockerHosts = () => call<{ hosts: DockerHost[] }>('/api/docker/hosts');
export const fetchContainers = (all = true) =>
  call<{ hosts: DockerHost[]; containers: Container[] }>(
    `/api/docker/containers${queryString({ all })}`,
  );

const containerPath = (c: Pick<Container, 'host' | 'id'>) =>
  `/api/docker/containers/${enc(c.host)}/${enc(c.id)}`;

/** 409 with code `confirmation_required` for a stack container until `confirm` is true. */
export function containerAction(c: Container, action: ContainerAction, confirm = false) {
  return call<{ action: ContainerActionRecord; container: Container }>(
    `${containerPath(c)}/${action}`,
    { method: 'POST', body: confirm ? { confirm: true } : {} },
  );
}

export const fetchLogs = (c: Container, q: { tail?: number; search?: string }) =>
  call<{ lines: LogLine[] }>(`${containerPath(c)}/logs${queryString(q)}`);
export const logStreamUrl = (c: Container, q: { tail?: number; search?: string }) =>
  `${containerPath(c)}/logs${queryString({ ...q, follow: true })}`;
export const statsStreamUrl = (c: Container) => `${containerPath(c)}/stats`;
export const fetchActions = (limit = 20) =>
  call<{ actions: ContainerActionRecord[] }>(`/api/docker/actions${queryString({ limit })}`);
