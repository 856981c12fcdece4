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

export interface Fact {
  id: string;
  text: string;
  source: string;
  model: string | null;
  createdAt: string;
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

export async function fetchLatestFact(): Promise<Fact | null> {
  return (await call<{ fact: Fact | null }>('/api/facts/latest')).fact;
}

export async function sayHello(text?: string): Promise<Fact> {
  const body = JSON.stringify(text ? { text } : {});
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
  return call<GeneratedFact>('/api/facts', { method: 'POST', body: '{}' });
}

export interface FactsPage {
  facts: Fact[];
  nextCursor: string | null;
}

export function fetchFactsPage(query: { q?: string; source?: string; cursor?: string }) {
  const params = new URLSearchParams({ limit: '20' });
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  return call<FactsPage>(`/api/facts?${params.toString()}`);
}
