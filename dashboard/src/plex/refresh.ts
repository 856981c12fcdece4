// After an import: asks Plex to scan the folders that received files, in the
// library section whose folder (Location) contains them. Plex being absent,
// down or unmatched never undoes an import; the outcome says what happened.
import path from 'node:path';
import type { PlexClient, PlexSectionInfo } from './plex-client.ts';

export interface RefreshOutcome {
  status: 'done' | 'partial' | 'skipped' | 'failed';
  /** For a person: what was refreshed, or why not. */
  note: string;
  sections: { key: string; title: string; path: string | null }[];
  errors: string[];
}

/** More folders than this in one section: one refresh of the whole section instead. */
const MAX_PARTIAL_SCANS = 5;

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/[/\\]+$/, '') : p);

function contains(location: string, folder: string): boolean {
  const rel = path.posix.relative(trimSlash(location), trimSlash(folder));
  return rel === '' || (!rel.startsWith('../') && rel !== '..' && !path.posix.isAbsolute(rel));
}

export async function refreshPlex(
  client: PlexClient | null,
  folders: string[],
): Promise<RefreshOutcome> {
  const none = { sections: [], errors: [] };
  if (folders.length === 0)
    return { status: 'skipped', note: 'Nothing new was imported: no refresh needed.', ...none };
  if (!client) {
    return {
      status: 'skipped',
      note: 'PLEX_URL is not set: the files are in place, but Plex was not asked to scan them. Set PLEX_URL and PLEX_TOKEN, or scan the library in Plex.',
      ...none,
    };
  }
  let sections: PlexSectionInfo[];
  try {
    sections = await client.sections();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      status: 'failed',
      note: `The files are in place, but Plex could not be asked to scan them: ${message}`,
      sections: [],
      errors: [message],
    };
  }

  const bySection = new Map<string, { section: PlexSectionInfo; folders: string[] }>();
  const unmatched: string[] = [];
  for (const folder of [...new Set(folders)]) {
    const matches = sections.filter((s) => s.locations.some((l) => contains(l, folder)));
    if (matches.length === 0) unmatched.push(folder);
    for (const section of matches) {
      const entry = bySection.get(section.key) ?? { section, folders: [] };
      entry.folders.push(folder);
      bySection.set(section.key, entry);
    }
  }

  const done: RefreshOutcome['sections'] = [];
  const errors: string[] = [];
  for (const { section, folders: inSection } of bySection.values()) {
    const scans = inSection.length > MAX_PARTIAL_SCANS ? [undefined] : inSection;
    for (const scanPath of scans) {
      try {
        await client.refresh(section.key, scanPath);
        done.push({ key: section.key, title: section.title, path: scanPath ?? null });
      } catch (err) {
        errors.push(`${section.title}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const notes: string[] = [];
  if (done.length > 0) {
    const titles = [...new Set(done.map((d) => d.title))].join(', ');
    notes.push(`Plex was asked to scan ${titles}.`);
  }
  if (unmatched.length > 0) {
    notes.push(
      `No Plex library folder contains ${unmatched.join(', ')}: Plex was not asked to scan it (do Plex and the dashboard see the same paths?).`,
    );
  }
  if (errors.length > 0) notes.push(`Refresh failed: ${errors.join('; ')}`);
  const status =
    errors.length === 0 && unmatched.length === 0 ? 'done' : done.length > 0 ? 'partial' : 'failed';
  return { status, note: notes.join(' '), sections: done, errors };
}
