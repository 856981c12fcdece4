// What the Plex page shows first: the folders, whether Plex answers and with
// which library sections, and what to set when something is missing. The
// token is never part of it.
import type { PlexClient, PlexSectionInfo } from './plex-client.ts';
import { checkSettings, type PlexSettings } from './settings.ts';

export interface PlexStatus {
  configured: boolean;
  /** What to set or fix, for a person; empty when all is well. */
  problems: string[];
  importDir: string | null;
  moviesDir: string | null;
  tvDir: string | null;
  plex: {
    /** PLEX_URL without any query or credentials. */
    url: string | null;
    tokenSet: boolean;
    reachable: boolean | null;
    version: string | null;
    error: string | null;
    sections: PlexSectionInfo[];
    hint: string | null;
  };
}

function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

export async function plexStatus(
  settings: PlexSettings,
  client: PlexClient | null,
): Promise<PlexStatus> {
  const check = checkSettings(settings);
  const plex: PlexStatus['plex'] = {
    url: settings.url ? displayUrl(settings.url) : null,
    tokenSet: Boolean(settings.token),
    reachable: null,
    version: null,
    error: null,
    sections: [],
    hint: null,
  };
  if (!client) {
    plex.hint =
      'Set PLEX_URL (e.g. http://plex:32400) and PLEX_TOKEN so each import asks Plex to scan the new files. Without them files are still imported.';
  } else {
    try {
      const [identity, sections] = await Promise.all([client.identity(), client.sections()]);
      plex.reachable = true;
      plex.version = identity.version || null;
      plex.sections = sections;
    } catch (err) {
      plex.reachable = false;
      plex.error = err instanceof Error ? err.message : String(err);
    }
    if (!settings.token)
      plex.hint = 'PLEX_TOKEN is not set: most Plex servers refuse requests without it.';
  }
  return {
    configured: check.ok,
    problems: check.ok ? [] : check.problems,
    importDir: settings.importDir ?? null,
    moviesDir: settings.moviesDir ?? null,
    tvDir: settings.tvDir ?? null,
    plex,
  };
}
