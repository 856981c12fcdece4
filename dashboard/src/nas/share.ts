// A NAS share as the dashboard keeps it, and how its mount is spelled for
// mount(8) and recognised in the mount table.
import type { MountEntry } from './mountinfo.ts';

export type Protocol = 'smb' | 'nfs';

export interface ShareDefinition {
  name: string;
  protocol: Protocol;
  /** Host name or IP address. */
  server: string;
  /** SMB: the share name; NFS: the export path. */
  share: string;
  /** Absolute, normalised, under NAS_MOUNT_ROOT. */
  mountPoint: string;
  /** Allow-listed mount options, comma-separated ('' for none). */
  options: string;
  /** SMB only: a mount.cifs credentials file (username=, password=); passwords are never stored. */
  credentialsFile: string | null;
}

export interface Share extends ShareDefinition {
  id: string;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_PORT: Record<Protocol, number> = { smb: 445, nfs: 2049 };
export const FS_TYPE: Record<Protocol, string> = { smb: 'cifs', nfs: 'nfs' };
/** The Debian package that holds each protocol's mount helper. */
export const HELPER: Record<Protocol, { program: string; pkg: string }> = {
  smb: { program: 'mount.cifs', pkg: 'cifs-utils' },
  nfs: { program: 'mount.nfs', pkg: 'nfs-common' },
};
/** Always added: a share never brings set-uid programs, device files or executables. */
export const HARDENING = ['nosuid', 'nodev', 'noexec'];

const hostPart = (server: string) => (server.includes(':') ? `[${server}]` : server);

/** The mount source: //server/share for SMB, server:/export for NFS. */
export function mountSource(s: Pick<ShareDefinition, 'protocol' | 'server' | 'share'>): string {
  return s.protocol === 'smb' ? `//${s.server}/${s.share}` : `${hostPart(s.server)}:${s.share}`;
}

/** The TCP port the server should answer on: the share's port= option, else the protocol's. */
export function sharePort(s: Pick<ShareDefinition, 'protocol' | 'options'>): number {
  const set = s.options.split(',').find((o) => o.startsWith('port='));
  return set ? Number(set.slice('port='.length)) : DEFAULT_PORT[s.protocol];
}

/** The -o argument: the share's options, the hardening ones and (SMB) the credentials file. */
export function mountOptions(s: ShareDefinition): string {
  const opts = s.options === '' ? [] : s.options.split(',');
  for (const h of HARDENING) if (!opts.includes(h)) opts.push(h);
  if (s.protocol === 'smb' && s.credentialsFile) opts.push(`credentials=${s.credentialsFile}`);
  return opts.join(',');
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

/** Whether a mount table entry is this share mounted whole (not a bind of a subfolder). */
export function isShareMount(s: ShareDefinition, e: MountEntry): boolean {
  if (e.root !== '/') return false;
  if (s.protocol === 'smb') {
    if (e.fsType !== 'cifs' && e.fsType !== 'smb3') return false;
    // SMB names are case-insensitive; the kernel shows the UNC as it was given.
    return trimSlash(e.source).toLowerCase() === mountSource(s).toLowerCase();
  }
  if (e.fsType !== 'nfs' && e.fsType !== 'nfs4') return false;
  return trimSlash(e.source) === trimSlash(mountSource(s));
}

/** fstab fields escape space, tab and backslash the way the mount table does. */
const fstabField = (text: string) =>
  text.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

/**
 * The /etc/fstab line that lets a process that is not root mount this share
 * (`user`: any user may mount it, `noauto`: not at boot).
 */
export function fstabLine(s: ShareDefinition): string {
  const options = `${mountOptions(s)},user,noauto`;
  return [
    fstabField(mountSource(s)),
    fstabField(s.mountPoint),
    FS_TYPE[s.protocol],
    options,
    '0',
    '0',
  ].join(' ');
}
