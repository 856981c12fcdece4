// Stored analyses of container logs (log_analyses). One per job: a job run
// again after a crash finds its row and does not ask the model twice.
import type { SqlDatabase } from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import type { AnalysisFinding } from './analysis.ts';

export interface LogAnalysis {
  id: string;
  host: string;
  containerId: string;
  containerName: string;
  lineCount: number;
  summary: string;
  findings: AnalysisFinding[];
  model: string;
  jobId: string | null;
  requestedBy: string;
  createdAt: string;
}

export type NewLogAnalysis = Omit<LogAnalysis, 'id' | 'createdAt'>;

interface Row {
  id: string;
  host: string;
  container_id: string;
  container_name: string;
  line_count: number;
  summary: string;
  findings: AnalysisFinding[];
  model: string;
  job_id: string | null;
  requested_by: string;
  created_at: Date | string;
}

const COLUMNS = `id, host, container_id, container_name, line_count, summary, findings, model,
  job_id, requested_by, created_at`;

const toAnalysis = (r: Row): LogAnalysis => ({
  id: r.id,
  host: r.host,
  containerId: r.container_id,
  containerName: r.container_name,
  lineCount: r.line_count,
  summary: r.summary,
  findings: r.findings,
  model: r.model,
  jobId: r.job_id,
  requestedBy: r.requested_by,
  createdAt: new Date(r.created_at).toISOString(),
});

export type LogAnalysisStore = ReturnType<typeof createLogAnalysisStore>;

export function createLogAnalysisStore(sql: SqlDatabase) {
  return {
    async add(a: NewLogAnalysis): Promise<LogAnalysis> {
      const [row] = await sql.query<Row>(
        `INSERT INTO log_analyses (id, host, container_id, container_name, line_count, summary,
           findings, model, job_id, requested_by, created_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, now())
         RETURNING ${COLUMNS}`,
        [
          a.host,
          a.containerId,
          a.containerName,
          a.lineCount,
          a.summary,
          JSON.stringify(a.findings),
          a.model,
          a.jobId,
          a.requestedBy,
        ],
      );
      return toAnalysis(row!);
    },

    async byJob(jobId: string): Promise<LogAnalysis | undefined> {
      const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM log_analyses WHERE job_id = $1`, [
        jobId,
      ]);
      return row && toAnalysis(row);
    },

    async get(id: string): Promise<LogAnalysis> {
      const [row] = await sql.query<Row>(`SELECT ${COLUMNS} FROM log_analyses WHERE id = $1`, [id]);
      if (!row) throw new DomainError('not_found', `no log analysis ${id}`);
      return toAnalysis(row);
    },

    async list(filter: { container?: string; limit: number }): Promise<LogAnalysis[]> {
      const rows = await sql.query<Row>(
        `SELECT ${COLUMNS} FROM log_analyses
         WHERE ($1::text IS NULL OR container_name = $1::text)
         ORDER BY created_at DESC, id LIMIT $2`,
        [filter.container ?? null, filter.limit],
      );
      return rows.map(toAnalysis);
    },
  };
}
