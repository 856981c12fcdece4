// The Plex page's calls to /api/plex (src/plex/plex.routes.ts), typed as it answers.
import { api } from './api.ts';

const { call } = api;
const enc = encodeURIComponent;

export type ImportMode = 'move' | 'copy';

export interface PlexSection {
  key: string;
  type: string;
  title: string;
  locations: string[];
}

export interface PlexStatus {
  configured: boolean;
  problems: string[];
  importDir: string | null;
  moviesDir: string | null;
  tvDir: string | null;
  plex: {
    url: string | null;
    tokenSet: boolean;
    reachable: boolean | null;
    version: string | null;
    error: string | null;
    sections: PlexSection[];
    hint: string | null;
  };
}

export interface PlanItem {
  source: string;
  target: string;
  library: 'movies' | 'tv';
  kind: 'video' | 'subtitle';
  sizeBytes: number;
  mediaType: 'movie' | 'episode';
  title: string;
  year: number | null;
  season: number | null;
  episode: number | null;
  existing: 'none' | 'same_size' | 'different';
}

export interface SkippedFile {
  path: string;
  code: string;
  reason: string;
}

export interface PlanView {
  importDir: string;
  files: PlanItem[];
  skipped: SkippedFile[];
  truncated: boolean;
}

export interface ImportRow {
  id: string;
  jobId: string;
  sourcePath: string;
  targetPath: string;
  mediaType: 'movie' | 'episode';
  title: string;
  year: number | null;
  season: number | null;
  episode: number | null;
  mode: ImportMode;
  status: 'imported' | 'skipped_duplicate' | 'failed';
  sizeBytes: number;
  error: string | null;
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

export interface ImportResult {
  mode: ImportMode;
  planned: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: SkippedFile[];
  refresh: {
    status: string;
    note: string;
    sections: { key: string; title: string; path: string | null }[];
  };
}

export interface ImportJob {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  result: ImportResult | null;
  error: string | null;
  attempts: number;
  maxAttempts: number;
  progressPercent: number | null;
  progressMessage: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export const fetchPlexStatus = () => call<PlexStatus>('/api/plex/status');
export const fetchPending = () => call<PlanView>('/api/plex/pending');
export const fetchImports = (jobId?: string) =>
  call<{ runs: ImportRun[]; imports: ImportRow[] }>(
    `/api/plex/imports${jobId ? `?jobId=${enc(jobId)}` : ''}`,
  );
export const fetchImportJob = (jobId: string) =>
  call<{ job: ImportJob; imports: ImportRow[] }>(`/api/plex/import/${enc(jobId)}`);
export const startImport = (mode: ImportMode) =>
  call<{ jobId: string; mode: ImportMode }>('/api/plex/import', { method: 'POST', body: { mode } });
