// The artifacts page's calls: list, one, delete, analyze (JSON through the shared
// client) and the upload, sent as multipart/form-data with XMLHttpRequest so the
// page can show its progress. Failures are ApiError with the service's message.
import { ApiError, queryString } from '@homelab/nats/ui';
import { api } from './api.ts';

const { call } = api;

export type AnalysisStatus = 'none' | 'queued' | 'running' | 'done' | 'failed';

export interface AnalysisFinding {
  severity: 'error' | 'warning' | 'info';
  title: string;
  detail: string;
  likelyCause: string | null;
}

export interface Artifact {
  id: string;
  fileName: string;
  originalName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  textLike: boolean;
  uploadedBy: string;
  createdAt: string;
  analysisStatus: AnalysisStatus;
  analysis: { summary: string; findings: AnalysisFinding[]; model: string } | null;
  analysisError: string | null;
  analysisJobId: string | null;
  analyzedAt: string | null;
}

export interface ArtifactPage {
  artifacts: Artifact[];
  total: number;
  limit: number;
  offset: number;
  maxBytes: number;
  analysisConfigured: boolean;
}

const path = (id: string) => `/api/artifacts/${encodeURIComponent(id)}`;

export const fetchArtifacts = (limit = 50, offset = 0) =>
  call<ArtifactPage>(`/api/artifacts${queryString({ limit, offset })}`);
export const fetchArtifact = (id: string) => call<{ artifact: Artifact }>(path(id));
export const deleteArtifact = (id: string) =>
  call<{ deleted: Artifact }>(path(id), { method: 'DELETE' });
export const analyzeArtifact = (id: string) =>
  call<{ artifact: Artifact; jobId: string }>(`${path(id)}/analyze`, {
    method: 'POST',
    body: {},
  });
export const downloadUrl = (id: string) => `${path(id)}/download`;

/** Uploads one file; onProgress gets the share sent (0-1). */
export function uploadArtifact(
  file: File,
  onProgress: (share: number) => void,
): Promise<{ artifact: Artifact }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/artifacts');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'Cannot reach the service. Is it running?'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText) as unknown;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as { artifact: Artifact });
        return;
      }
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(
        new ApiError(xhr.status, error?.message ?? `upload failed (${xhr.status})`, error?.code),
      );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
