// Plex Media Server's HTTP API, the three calls an import needs: who the server
// is, its library sections with their folders, and a (partial) refresh of a
// section. JSON through Accept: application/json; the token goes in the
// X-Plex-Token header, never in a URL that could end up in a log.
import { z } from 'zod';

export interface PlexSectionInfo {
  key: string;
  type: string;
  title: string;
  locations: string[];
}

export interface PlexIdentity {
  machineIdentifier: string;
  version: string;
}

export interface PlexClient {
  identity(): Promise<PlexIdentity>;
  sections(): Promise<PlexSectionInfo[]>;
  /** Asks Plex to scan the section, only `path` within it when given. */
  refresh(sectionKey: string, path?: string): Promise<void>;
}

export class PlexError extends Error {
  override name = 'PlexError';
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}

const identitySchema = z.object({
  MediaContainer: z.object({
    machineIdentifier: z.string().default(''),
    version: z.string().default(''),
  }),
});

const sectionsSchema = z.object({
  MediaContainer: z.object({
    Directory: z
      .array(
        z.object({
          key: z.union([z.string(), z.number()]).transform(String),
          type: z.string(),
          title: z.string(),
          Location: z.array(z.object({ path: z.string() })).default([]),
        }),
      )
      .default([]),
  }),
});

export function createPlexClient(options: {
  url: string;
  token: string | undefined;
  timeoutMs?: number;
}): PlexClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 5_000;

  async function get(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        headers: {
          accept: 'application/json',
          ...(options.token ? { 'x-plex-token': options.token } : {}),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const why =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer in ${timeoutMs} ms`
          : String((err as Error)?.cause ?? err);
      throw new PlexError(`Plex at ${base} is not reachable: ${why}`, null, { cause: err });
    }
    if (res.status === 401) {
      await res.body?.cancel();
      throw new PlexError('Plex refused the token (401): check PLEX_TOKEN', 401);
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new PlexError(`Plex answered ${res.status} to GET ${path.split('?')[0]}`, res.status);
    }
    return res;
  }

  async function json<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const res = await get(path);
    const body: unknown = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new PlexError(`Plex's answer to ${path} was not understood`, res.status);
    return parsed.data;
  }

  return {
    async identity() {
      const { MediaContainer: c } = await json('/identity', identitySchema);
      return { machineIdentifier: c.machineIdentifier, version: c.version };
    },
    async sections() {
      const { MediaContainer: c } = await json('/library/sections', sectionsSchema);
      return c.Directory.map((d) => ({
        key: d.key,
        type: d.type,
        title: d.title,
        locations: d.Location.map((l) => l.path),
      }));
    },
    async refresh(sectionKey, path) {
      const query = path === undefined ? '' : `?path=${encodeURIComponent(path)}`;
      const res = await get(`/library/sections/${encodeURIComponent(sectionKey)}/refresh${query}`);
      await res.body?.cancel();
    },
  };
}
