// Whether the Plex import is set up, and what a person has to set when not.
import { DomainError } from '../domain/errors.ts';
import type { Library } from './plan.ts';
import { isWithin } from './scan.ts';

export interface PlexSettings {
  url: string | undefined;
  token: string | undefined;
  importDir: string | undefined;
  moviesDir: string | undefined;
  tvDir: string | undefined;
}

export type SettingsCheck =
  | { ok: true; importDir: string; libraries: Partial<Record<Library, string>> }
  | { ok: false; problems: string[] };

export function checkSettings(s: PlexSettings): SettingsCheck {
  const problems: string[] = [];
  if (!s.importDir) problems.push('Set PLEX_IMPORT_DIR to the folder new media arrives in.');
  if (!s.moviesDir && !s.tvDir) {
    problems.push('Set PLEX_MOVIES_DIR and/or PLEX_TV_DIR to the folders of your Plex libraries.');
  }
  const libraries: Partial<Record<Library, string>> = {};
  if (s.moviesDir) libraries.movies = s.moviesDir;
  if (s.tvDir) libraries.tv = s.tvDir;
  if (s.importDir) {
    for (const [name, dir] of [
      ['PLEX_MOVIES_DIR', s.moviesDir],
      ['PLEX_TV_DIR', s.tvDir],
    ] as const) {
      if (dir && (isWithin(dir, s.importDir) || isWithin(s.importDir, dir))) {
        problems.push(
          `PLEX_IMPORT_DIR and ${name} overlap: keep the import folder apart from the library.`,
        );
      }
    }
  }
  if (problems.length > 0 || !s.importDir) return { ok: false, problems };
  return { ok: true, importDir: s.importDir, libraries };
}

/** The settings of a working import, else a not_configured error that says what to set. */
export function requireSettings(s: PlexSettings) {
  const check = checkSettings(s);
  if (!check.ok)
    throw new DomainError(
      'not_configured',
      `Plex import is not set up: ${check.problems.join(' ')}`,
    );
  return check;
}
