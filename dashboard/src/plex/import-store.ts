// plex_imports: one row per file an import job handled (imported, a duplicate
// it skipped, or a failure with its error), and the runs they add up to.
import type { SqlDatabase } from '@homelab/nats';

export type ImportStatus = 'imported' | 'skipped_duplicate' | 'failed';

export interface NewImportRow {
  jobId: string;
  sourcePath: string;
  targetPath: string;
  mediaType: 'movie' | 'episode';
  title: string;
  year: number | null;
  season: number | null;
  episode: number | null;
  mode: 'move' | 'copy';
  status: ImportStatus;
  sizeBytes: number;
  error: string | null;
}

export interface ImportRow extends NewImportRow {
  id: string;
  createdAt: string;
}

export interface ImportRun {
  jobId: string;
  mode: string;
  imported: number;
  duplicates: number;
  failed: number;
  bytes: number;
  startedAt: string;
  finishedAt: string;
}

interface Row {
  id: string;
  job_id: string;
  source_path: string;
  target_path: string;
  media_type: string;
  title: string;
  year: number | null;
  season: number | null;
  episode: number | null;
  mode: string;
  status: string;
  size_bytes: string | number;
  error: string | null;
  created_at: Date | string;
}

const toRow = (r: Row): ImportRow => ({
  id: r.id,
  jobId: r.job_id,
  sourcePath: r.source_path,
  targetPath: r.target_path,
  mediaType: r.media_type === 'episode' ? 'episode' : 'movie',
  title: r.title,
  year: r.year,
  season: r.season,
  episode: r.episode,
  mode: r.mode === 'copy' ? 'copy' : 'move',
  status: r.status as ImportStatus,
  sizeBytes: Number(r.size_bytes),
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
});

const COLUMNS = `id, job_id, source_path, target_path, media_type, title, year, season, episode,
  mode, status, size_bytes, error, created_at`;

export function createImportStore(sql: SqlDatabase) {
  return {
    async record(row: NewImportRow): Promise<void> {
      await sql.execute(
        `INSERT INTO plex_imports (job_id, source_path, target_path, media_type, title, year, season,
           episode, mode, status, size_bytes, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          row.jobId,
          row.sourcePath,
          row.targetPath,
          row.mediaType,
          row.title,
          row.year,
          row.season,
          row.episode,
          row.mode,
          row.status,
          row.sizeBytes,
          row.error === null ? null : row.error.slice(0, 2000),
        ],
      );
    },

    async list(filter: { jobId?: string; limit: number }): Promise<ImportRow[]> {
      const rows = filter.jobId
        ? await sql.query<Row>(
            `SELECT ${COLUMNS} FROM plex_imports WHERE job_id = $1 ORDER BY created_at, id LIMIT $2`,
            [filter.jobId, filter.limit],
          )
        : await sql.query<Row>(
            `SELECT ${COLUMNS} FROM plex_imports ORDER BY created_at DESC, id DESC LIMIT $1`,
            [filter.limit],
          );
      return rows.map(toRow);
    },

    async runs(limit: number): Promise<ImportRun[]> {
      const rows = await sql.query<{
        job_id: string;
        mode: string;
        imported: string | number;
        duplicates: string | number;
        failed: string | number;
        bytes: string | number | null;
        started_at: Date | string;
        finished_at: Date | string;
      }>(
        `SELECT job_id, min(mode) AS mode,
           count(*) FILTER (WHERE status = 'imported') AS imported,
           count(*) FILTER (WHERE status = 'skipped_duplicate') AS duplicates,
           count(*) FILTER (WHERE status = 'failed') AS failed,
           sum(size_bytes) FILTER (WHERE status = 'imported') AS bytes,
           min(created_at) AS started_at, max(created_at) AS finished_at
         FROM plex_imports GROUP BY job_id ORDER BY max(created_at) DESC LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({
        jobId: r.job_id,
        mode: r.mode,
        imported: Number(r.imported),
        duplicates: Number(r.duplicates),
        failed: Number(r.failed),
        bytes: Number(r.bytes ?? 0),
        startedAt: new Date(r.started_at).toISOString(),
        finishedAt: new Date(r.finished_at).toISOString(),
      }));
    },
  };
}

export type ImportStore = ReturnType<typeof createImportStore>;
