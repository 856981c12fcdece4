// The import itself: scan and plan the import folder, then, as a plex-import
// job, put each planned file in its library (one plex_imports row per file),
// and ask Plex to scan what arrived. Safe to run again after a crash: a file
// already in place is a duplicate the next time.
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import { JobFailure, type JobContext, type JobHandler } from '../jobs/types.ts';
import type { ImportStore } from './import-store.ts';
import { folderName } from './naming.ts';
import { planImport, type Library, type PlannedFile, type SkippedFile } from './plan.ts';
import type { PlexClient } from './plex-client.ts';
import { refreshPlex, type RefreshOutcome } from './refresh.ts';
import { scanImportFolder, isWithin } from './scan.ts';
import { requireSettings, type PlexSettings } from './settings.ts';
import { TargetConflict, transferFile } from './transfer.ts';

export const importModes = z.enum(['move', 'copy'], { error: "mode must be 'move' or 'copy'" });
export type ImportMode = z.infer<typeof importModes>;

export const importPayload = z.strictObject({ mode: importModes });
export type ImportPayload = z.infer<typeof importPayload>;

export interface PlanItem {
  source: string;
  /** Absolute path of the file-to-be. */
  target: string;
  library: Library;
  kind: PlannedFile['kind'];
  sizeBytes: number;
  mediaType: 'movie' | 'episode';
  title: string;
  year: number | null;
  season: number | null;
  episode: number | null;
  /** What is at the target now (a size check; the import compares contents). */
  existing: 'none' | 'same_size' | 'different';
}

export interface PlanView {
  importDir: string;
  files: PlanItem[];
  skipped: SkippedFile[];
  /** More files waited than one import takes; the rest come next time. */
  truncated: boolean;
}

export interface ImportResult {
  mode: ImportMode;
  planned: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: SkippedFile[];
  refresh: RefreshOutcome;
}

export interface ImporterDeps {
  settings: PlexSettings;
  store: ImportStore;
  plex: PlexClient | null;
}

const SKIPPED_IN_RESULT = 200;

function describe(f: PlannedFile, libraries: Partial<Record<Library, string>>) {
  const root = libraries[f.library];
  if (!root) throw new Error(`no folder for the ${f.library} library`);
  const target = path.join(root, ...f.target.split('/'));
  // The names are sanitised; this is the last guard before anything is written.
  if (!isWithin(root, target) || target === root)
    throw new Error(`planned target ${f.target} leaves the library`);
  const n = f.name;
  return {
    root,
    target,
    mediaType: n.type,
    title: n.type === 'movie' ? n.title : n.show,
    year: n.year,
    season: n.type === 'episode' ? n.season : null,
    episode: n.type === 'episode' ? n.episode : null,
    /** The movie's or show's folder: what Plex is asked to scan. */
    folder: path.join(root, folderName(n)),
  };
}

export function createImporter(deps: ImporterDeps) {
  async function scanAndPlan() {
    const settings = requireSettings(deps.settings);
    const scan = await scanImportFolder(settings.importDir).catch((err: unknown) => {
      throw new DomainError(
        'not_configured',
        `PLEX_IMPORT_DIR (${settings.importDir}) cannot be read: ${(err as Error).message}`,
        { cause: err },
      );
    });
    const plan = planImport(scan.files, {
      movies: Boolean(settings.libraries.movies),
      tv: Boolean(settings.libraries.tv),
    });
    const skipped = [...scan.skipped, ...plan.skipped].sort((a, b) => a.path.localeCompare(b.path));
    return { settings, root: scan.root, files: plan.files, skipped, truncated: scan.truncated };
  }

  async function preview(): Promise<PlanView> {
    const { settings, root, files, skipped, truncated } = await scanAndPlan();
    const items = await Promise.all(
      files.map(async (f): Promise<PlanItem> => {
        const d = describe(f, settings.libraries);
        const there = await lstat(d.target).catch(() => null);
        const existing = !there
          ? 'none'
          : there.isFile() && there.size === f.size
            ? 'same_size'
            : 'different';
        const { mediaType, title, year, season, episode } = d;
        return {
          source: f.source,
          target: d.target,
          library: f.library,
          kind: f.kind,
          sizeBytes: f.size,
          mediaType,
          title,
          year,
          season,
          episode,
          existing,
        };
      }),
    );
    return { importDir: root, files: items, skipped, truncated };
  }

  async function run(payload: ImportPayload, ctx: JobContext): Promise<ImportResult> {
    let planned;
    try {
      planned = await scanAndPlan();
    } catch (err) {
      // Not set up or no folder: a retry will not mend it.
      if (err instanceof DomainError) throw new JobFailure(err.message, { cause: err });
      throw err;
    }
    const { settings, root, skipped } = planned;
    // The names are sanitised, so this drops nothing in practice; it is the guard that would.
    const files = planned.files.flatMap((file) => {
      try {
        return [{ file, d: describe(file, settings.libraries) }];
      } catch (err) {
        skipped.push({ path: file.source, code: 'unparseable', reason: (err as Error).message });
        return [];
      }
    });
    const total = files.length;
    const counts = { imported: 0, duplicates: 0, failed: 0 };
    const folders: string[] = [];
    ctx.progress({
      percent: 0,
      message: total === 0 ? 'nothing to import' : `importing ${total} files`,
    });

    let done = 0;
    for (const { file, d } of files) {
      if (ctx.signal.aborted) break;
      ctx.progress({
        percent: Math.floor((done / Math.max(total, 1)) * 100),
        message: `${payload.mode === 'move' ? 'moving' : 'copying'} ${done + 1} of ${total}: ${path.basename(file.source)}`,
      });
      let status: 'imported' | 'skipped_duplicate' | 'failed';
      let error: string | null = null;
      try {
        status = await transferFile({
          source: path.join(root, ...file.source.split('/')),
          target: d.target,
          mode: payload.mode,
          libraryRoot: d.root,
        });
      } catch (err) {
        status = 'failed';
        error = err instanceof TargetConflict ? `conflict: ${err.message}` : (err as Error).message;
        ctx.log.warn({ err, source: file.source }, 'a file of the Plex import failed');
      }
      if (status === 'imported') {
        counts.imported++;
        folders.push(d.folder);
      } else if (status === 'skipped_duplicate') counts.duplicates++;
      else counts.failed++;
      await deps.store.record({
        jobId: ctx.jobId,
        sourcePath: file.source,
        targetPath: d.target,
        mediaType: d.mediaType,
        title: d.title,
        year: d.year,
        season: d.season,
        episode: d.episode,
        mode: payload.mode,
        status,
        sizeBytes: file.size,
        error,
      });
      done++;
    }

    // What did arrive is worth a scan even when the rest was cancelled.
    ctx.progress({ percent: 99, message: 'asking Plex to scan the new files' });
    const refresh = await refreshPlex(deps.plex, folders);
    if (ctx.signal.aborted) {
      throw new JobFailure(`cancelled after ${done} of ${total} files`, {
        cause: ctx.signal.reason,
      });
    }
    ctx.progress({
      percent: 100,
      message: `${counts.imported} imported, ${counts.duplicates} already there, ${counts.failed} failed`,
    });
    return {
      mode: payload.mode,
      planned: total,
      ...counts,
      skipped: skipped.slice(0, SKIPPED_IN_RESULT),
      refresh,
    };
  }

  const handler: JobHandler<ImportPayload> = {
    kind: 'plex-import',
    payload: importPayload,
    maxAttempts: 3,
    run,
  };

  return { preview, handler, settings: () => requireSettings(deps.settings) };
}

export type Importer = ReturnType<typeof createImporter>;
