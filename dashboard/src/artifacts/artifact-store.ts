// The artifacts table: one row per stored file, and the file's AI analysis as
// it moves from queued to done or failed. Raw SQL over the service's database.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import type { TextAnalysis } from '../ai/analysis.ts';

export type AnalysisStatus = 'none' | 'queued' | 'running' | 'done' | 'failed';

export interface Artifact {
  id: string;
  /** The safe name (shown, and used for downloads). */
  fileName: string;
  /** The name as the browser sent it (shown only as text). */
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** Relative to the artifacts folder: the id, never the user's name. */
  storagePath: string;
  textLike: boolean;
  uploadedBy: string;
  createdAt: string;
  analysisStatus: AnalysisStatus;
  analysis: TextAnalysis | null;
  analysisError: string | null;
  analysisJobId: string | null;
  analyzedAt: string | null;
}

export type NewArtifact = Omit<
  Artifact,
  'createdAt' | 'analysisStatus' | 'analysis' | 'analysisError' | 'analysisJobId' | 'analyzedAt'
>;

const COLUMNS = `id, file_name, original_name, content_type, size_bytes, sha256, storage_path,
  text_like, uploaded_by, created_at, analysis_status, analysis, analysis_error, analysis_job_id,
  analyzed_at`;

interface Row {
  id: string;
  file_name: string;
  original_name: string;
  content_type: string;
  size_bytes: string | number;
  sha256: string;
  storage_path: string;
  text_like: boolean;
  uploaded_by: string;
  created_at: Date | string;
  analysis_status: string;
  analysis: TextAnalysis | string | null;
  analysis_error: string | null;
  analysis_job_id: string | null;
  analyzed_at: Date | string | null;
}

const iso = (v: Date | string) => new Date(v).toISOString();

function toArtifact(r: Row): Artifact {
  return {
    id: r.id,
    fileName: r.file_name,
    originalName: r.original_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    storagePath: r.storage_path,
    textLike: r.text_like,
    uploadedBy: r.uploaded_by,
    createdAt: iso(r.created_at),
    analysisStatus: r.analysis_status as AnalysisStatus,
    analysis:
      typeof r.analysis === 'string' ? (JSON.parse(r.analysis) as TextAnalysis) : r.analysis,
    analysisError: r.analysis_error,
    analysisJobId: r.analysis_job_id,
    analyzedAt: r.analyzed_at === null ? null : iso(r.analyzed_at),
  };
}

export function createArtifactStore(sql: SqlDatabase) {
  return {
    async insert(a: NewArtifact): Promise<Artifact> {
      const [row] = await sql.query<Row>(
        `INSERT INTO artifacts (id, file_name, original_name, content_type, size_bytes, sha256,
           storage_path, text_like, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
        [
          a.id,
          a.fileName,
          a.originalName,
          a.contentType,
          a.sizeBytes,
          a.sha256,
          a.storagePath,
          a.textLike,
          a.uploadedBy,
        ],
      );
      if (!row) throw new Error('artifacts insert returned no row');
      return toArtifact(row);
    },

    async get(id: string, client: SqlClient = sql): Promise<Artifact | undefined> {
      const [row] = await client.query<Row>(`SELECT ${COLUMNS} FROM artifacts WHERE id = $1`, [id]);
      return row && toArtifact(row);
    },

    /** Locks the row for the rest of tx (a second analysis request waits, then sees queued). */
    async getForUpdate(tx: SqlClient, id: string): Promise<Artifact | undefined> {
      const [row] = await tx.query<Row>(
        `SELECT ${COLUMNS} FROM artifacts WHERE id = $1 FOR UPDATE`,
        [id],
      );
      return row && toArtifact(row);
    },

    /** Newest first, a page at a time, with how many there are in all. */
    async list(limit: number, offset: number): Promise<{ artifacts: Artifact[]; total: number }> {
      const rows = await sql.query<Row>(
        `SELECT ${COLUMNS} FROM artifacts ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      const [count] = await sql.query<{ n: string | number }>(
        'SELECT count(*) AS n FROM artifacts',
      );
      return { artifacts: rows.map(toArtifact), total: Number(count?.n ?? 0) };
    },

    async remove(id: string): Promise<Artifact | undefined> {
      const [row] = await sql.query<Row>(
        `DELETE FROM artifacts WHERE id = $1 RETURNING ${COLUMNS}`,
        [id],
      );
      return row && toArtifact(row);
    },

    /** Every stored path (for the start-up sweep of files without a row). */
    async storagePaths(): Promise<Set<string>> {
      const rows = await sql.query<{ storage_path: string }>('SELECT storage_path FROM artifacts');
      return new Set(rows.map((r) => r.storage_path));
    },

    async markQueued(tx: SqlClient, id: string, jobId: string): Promise<void> {
      await tx.execute(
        `UPDATE artifacts SET analysis_status = 'queued', analysis_job_id = $2, analysis_error = NULL
         WHERE id = $1`,
        [id, jobId],
      );
    },

    /** False when the row is gone (deleted while its analysis waited). */
    async markRunning(id: string, jobId: string): Promise<boolean> {
      const n = await sql.execute(
        `UPDATE artifacts SET analysis_status = 'running', analysis_job_id = $2, analysis_error = NULL
         WHERE id = $1`,
        [id, jobId],
      );
      return n > 0;
    },

    async markDone(id: string, analysis: TextAnalysis, at: Date): Promise<void> {
      await sql.execute(
        `UPDATE artifacts SET analysis_status = 'done', analysis = $2::jsonb, analysis_error = NULL,
           analyzed_at = $3 WHERE id = $1`,
        [id, JSON.stringify(analysis), at],
      );
    },

    /** `final`: failed for good; otherwise queued again for the job's next attempt. */
    async markFailed(id: string, error: string, final: boolean): Promise<void> {
      await sql.execute(
        `UPDATE artifacts SET analysis_status = $2, analysis_error = $3 WHERE id = $1`,
        [id, final ? 'failed' : 'queued', error],
      );
    },
  };
}

export type ArtifactStore = ReturnType<typeof createArtifactStore>;
