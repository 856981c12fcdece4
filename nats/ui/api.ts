// The fetch helper every service's web UI builds its lib/api.ts on. A failure
// becomes ApiError carrying the service's own message and code, so a page can
// show it as it is (or react to one code, like a confirmation the service
// asks for). A 401 from any call but the login form's own also tells the app
// the session is gone, which sends the user to the login page.

/** A failed call: `status` 0 means the service could not be reached at all. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  /** The service's error code (`{ error: { code } }`), when it sent one. */
  readonly code: string | undefined;
  constructor(status: number, message: string, code?: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface CallInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** false for calls whose 401 means "wrong password", not "logged out". */
  redirectOn401?: boolean;
  signal?: AbortSignal;
}

export interface ApiClient {
  call<T>(path: string, init?: CallInit): Promise<T>;
  /** Called whenever the service answers 401 (the session expired or never existed). */
  onUnauthorized(handler: () => void): void;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export function createApiClient(): ApiClient {
  let unauthorized: (() => void) | undefined;

  async function call<T>(path: string, init: CallInit = {}): Promise<T> {
    let res: Response;
    try {
      res = await fetch(path, {
        method: init.method ?? 'GET',
        credentials: 'same-origin',
        headers: {
          accept: 'application/json',
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: init.signal,
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new ApiError(0, 'Cannot reach the service. Is it running?');
    }
    const body: unknown = res.status === 204 ? undefined : await res.json().catch(() => undefined);
    if (!res.ok) {
      if (res.status === 401 && init.redirectOn401 !== false) unauthorized?.();
      const error = (body as ErrorBody | undefined)?.error;
      throw new ApiError(res.status, error?.message ?? fallbackMessage(res, path), error?.code);
    }
    return body as T;
  }

  return {
    call,
    onUnauthorized(handler) {
      unauthorized = handler;
    },
  };
}

// A route the service does not have (yet) reads as such, not as "404 Not Found".
function fallbackMessage(res: Response, path: string): string {
  if (res.status === 404) {
    return `${path.split('?')[0]} is not available in this version of the service`;
  }
  return `${res.status} ${res.statusText}`.trim();
}

/** `?a=1&b=x` from the defined, non-empty values; '' when there are none. */
export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** What to show a person for anything thrown. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
