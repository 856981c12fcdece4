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

export interface Guild {
  guildId: string;
  name: string;
  memberCount: number;
  joinedAt: string;
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

export async function fetchGuilds(): Promise<Guild[]> {
  return (await call<{ guilds: Guild[] }>('/api/guilds')).guilds;
}
