// Every call the UI makes to the service's API. Failures become ApiError with
// the message the service sent, so components can show it as it is.
export interface ServiceInfo {
  service: string;
  version: string;
  startedAt: string;
  uptimeSeconds: number;
  database: { kind: string };
  nats: { status: string };
}

export interface FactSnapshot {
  factId: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
}

export interface LatestFactView {
  fact: FactSnapshot | null;
  stale: boolean;
  ageSeconds: number;
  confirmedAt: string;
  problem: string | null;
}

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

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init?.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new ApiError(res.status, message ?? `${res.status} ${res.statusText}`);
  }
  return body as T;
}

export function fetchInfo(): Promise<ServiceInfo> {
  return call<ServiceInfo>('/api/info');
}

export function fetchLatestFact(): Promise<LatestFactView> {
  return call<LatestFactView>('/api/facts/latest');
}

/** Opens the live feed; the server first replays recent events, then streams new ones. */
export function openEventStream(
  filter: FeedFilter,
  onEvent: (event: FeedEvent) => void,
): EventSource {
  const params = new URLSearchParams();
  if (filter.service) params.set('service', filter.service);
  if (filter.type) params.set('type', filter.type);
  const source = new EventSource(`/api/events/stream?${params.toString()}`);
  source.onmessage = (message: MessageEvent<string>) =>
    onEvent(JSON.parse(message.data) as FeedEvent);
  return source;
}
