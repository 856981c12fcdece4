// The NAS page's calls to /api/nas (nas/nas.routes.ts), typed as it answers.
import { api } from './api.ts';

const { call } = api;
const enc = encodeURIComponent;

export type NasProtocol = 'smb' | 'nfs';

export interface NasShareInput {
  name: string;
  protocol: NasProtocol;
  server: string;
  share: string;
  mountPoint: string;
  options: string;
  credentialsFile: string | null;
}

export interface NasShare extends NasShareInput {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export interface NasStatus {
  checkedAt: string;
  reachability: {
    reachable: boolean;
    port: number;
    latencyMs: number | null;
    error: string | null;
  };
  mounted: boolean;
  mountedOther: { fsType: string; source: string } | null;
  space: { totalBytes: number; freeBytes: number; availableBytes: number } | null;
  spaceError: string | null;
}

export type NasShareWithStatus = NasShare & { source: string; status: NasStatus };

export const fetchNasShares = () =>
  call<{ mountRoot: string; shares: NasShareWithStatus[] }>('/api/nas/shares');

export const createNasShare = (input: NasShareInput) =>
  call<{ share: NasShare }>('/api/nas/shares', { method: 'POST', body: input });

export const updateNasShare = (id: string, input: Partial<NasShareInput>) =>
  call<{ share: NasShare }>(`/api/nas/shares/${enc(id)}`, { method: 'PATCH', body: input });

export const deleteNasShare = (id: string) =>
  call<{ deleted: true }>(`/api/nas/shares/${enc(id)}`, { method: 'DELETE' });

export const mountNasShare = (id: string) =>
  call<{ share: NasShareWithStatus }>(`/api/nas/shares/${enc(id)}/mount`, { method: 'POST' });

export const unmountNasShare = (id: string) =>
  call<{ share: NasShareWithStatus }>(`/api/nas/shares/${enc(id)}/unmount`, { method: 'POST' });
