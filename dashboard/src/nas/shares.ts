// NAS shares: their definitions, what state each is in (server answering,
// mounted or not, space) and mounting and unmounting them. Knows nothing of
// HTTP or SQL; the store, the mount table and the mount commands come in.
import { mkdir, realpath, stat, statfs } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import type { Logger } from '@homelab/nats/runtime';
import { DomainError } from '../domain/errors.ts';
import { mountAt, readMountTable, type MountEntry } from './mountinfo.ts';
import type { MountRunner } from './mount-command.ts';
import { checkReachable, type Reachability } from './reachability.ts';
import { isShareMount, mountSource, sharePort, type Share } from './share.ts';
import type { ShareStore } from './share-store.ts';
import { checkShare, type ShareInput } from './validation.ts';

export interface SharesDeps {
  store: ShareStore;
  /** NAS_MOUNT_ROOT: every mount point lies under it. */
  mountRoot: string;
  /** The mount table to read, normally /proc/self/mountinfo. */
  mountTablePath: string;
  runner: MountRunner;
  /** How long a server gets to accept a TCP connection. */
  connectTimeoutMs: number;
  logger: Logger;
}

export interface Space {
  totalBytes: number;
  freeBytes: number;
  /** What an unprivileged user may still write. */
  availableBytes: number;
}

export interface ShareStatus {
  checkedAt: string;
  reachability: Reachability;
  mounted: boolean;
  /** Something other than this share mounted at its mount point. */
  mountedOther: { fsType: string; source: string } | null;
  /** Of whatever is mounted at the mount point (the share, or mountedOther); null when nothing is. */
  space: Space | null;
  spaceError: string | null;
}

export type ShareWithStatus = Share & { source: string; status: ShareStatus };

const STATFS_TIMEOUT_MS = 3_000;

async function spaceAt(path: string): Promise<Space> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${STATFS_TIMEOUT_MS} ms`)),
      STATFS_TIMEOUT_MS,
    );
  });
  try {
    const s = await Promise.race([statfs(path), late]);
    return {
      totalBytes: s.blocks * s.bsize,
      freeBytes: s.bfree * s.bsize,
      availableBytes: s.bavail * s.bsize,
    };
  } finally {
    clearTimeout(timer);
  }
}

const within = (root: string, p: string) =>
  p === root || p.startsWith(root === '/' ? '/' : `${root}/`);
const errText = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createShares(deps: SharesDeps) {
  const root = posix.normalize(deps.mountRoot).replace(/(.)\/+$/, '$1');
  const busy = new Set<string>();

  async function table(): Promise<MountEntry[]> {
    try {
      return await readMountTable(deps.mountTablePath);
    } catch (err) {
      throw new DomainError(
        'unavailable',
        `cannot read the mount table ${deps.mountTablePath}: ${errText(err)}`,
        {
          cause: err,
        },
      );
    }
  }

  function mountState(share: Share, entries: MountEntry[]) {
    const top = mountAt(entries, share.mountPoint);
    const mounted = top !== undefined && isShareMount(share, top);
    const other = top && !mounted ? { fsType: top.fsType, source: top.source } : null;
    return { mounted, other };
  }

  async function statusOf(share: Share, entries: MountEntry[]): Promise<ShareStatus> {
    const { mounted, other } = mountState(share, entries);
    const reachability = await checkReachable(
      share.server,
      sharePort(share),
      deps.connectTimeoutMs,
    );
    let space: Space | null = null;
    let spaceError: string | null = null;
    // Whatever is mounted there, its space is what writing to the mount point would use.
    if (mounted || other) {
      try {
        space = await spaceAt(share.mountPoint);
      } catch (err) {
        spaceError = `cannot read the free space of ${share.mountPoint}: ${errText(err)}`;
      }
    }
    return {
      checkedAt: new Date().toISOString(),
      reachability,
      mounted,
      mountedOther: other,
      space,
      spaceError,
    };
  }

  const withStatus = async (share: Share, entries: MountEntry[]): Promise<ShareWithStatus> => ({
    ...share,
    source: mountSource(share),
    status: await statusOf(share, entries),
  });

  /** Creates the mount point folder if missing, refusing any path a symbolic link leads outside the root. */
  async function ensureMountPoint(share: Share) {
    if (!within(root, share.mountPoint) || share.mountPoint === root) {
      throw new DomainError(
        'invalid_input',
        `${share.mountPoint} is not under NAS_MOUNT_ROOT (${root}) any more: edit the share's mount point`,
      );
    }
    try {
      await mkdir(root, { recursive: true });
      const realRoot = await realpath(root);
      let existing = share.mountPoint;
      for (;;) {
        try {
          existing = await realpath(existing);
          break;
        } catch {
          existing = dirname(existing);
        }
      }
      if (!within(realRoot, existing)) {
        throw new DomainError(
          'invalid_input',
          `${share.mountPoint} leads outside ${root} through a symbolic link: choose another mount point`,
        );
      }
      await mkdir(share.mountPoint, { recursive: true });
      if (!(await stat(share.mountPoint)).isDirectory()) {
        throw new DomainError('conflict', `${share.mountPoint} exists and is not a folder`);
      }
    } catch (err) {
      if (err instanceof DomainError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new DomainError(
          'not_permitted',
          `cannot create the mount point ${share.mountPoint} (${code}): create it yourself, or let the dashboard's user write to ${root}`,
          { cause: err },
        );
      }
      throw err;
    }
  }

  async function checkCredentials(share: Share) {
    if (share.protocol !== 'smb' || share.credentialsFile === null) return;
    try {
      await stat(share.credentialsFile);
    } catch (err) {
      throw new DomainError(
        'not_configured',
        `the credentials file ${share.credentialsFile} does not exist: create it (lines username=… and password=…, mode 600) or change the share`,
        { cause: err },
      );
    }
  }

  async function exclusive<T>(share: Share, fn: () => Promise<T>): Promise<T> {
    if (busy.has(share.id)) {
      throw new DomainError('conflict', `a mount or unmount of "${share.name}" is already running`);
    }
    busy.add(share.id);
    try {
      return await fn();
    } finally {
      busy.delete(share.id);
    }
  }

  async function logged(action: string, share: Share, fn: () => Promise<void>) {
    const at = { share: share.name, source: mountSource(share), mountPoint: share.mountPoint };
    try {
      await fn();
      deps.logger.info(at, `nas ${action} done`);
    } catch (err) {
      deps.logger.warn({ ...at, err: errText(err) }, `nas ${action} failed`);
      throw err;
    }
  }

  async function status(id: string): Promise<ShareWithStatus> {
    const share = await deps.store.get(id);
    return withStatus(share, await table());
  }

  return {
    /** NAS_MOUNT_ROOT, normalised: the UI suggests mount points under it. */
    mountRoot: root,
    list: () => deps.store.list(),
    get: (id: string) => deps.store.get(id),
    status,

    /** Every share with its state: for the NAS page, the health page and Jarvis. */
    async listWithStatus(): Promise<ShareWithStatus[]> {
      const [shares, entries] = await Promise.all([deps.store.list(), table()]);
      return Promise.all(shares.map((s) => withStatus(s, entries)));
    },

    create: (input: ShareInput) => deps.store.create(checkShare(input, root)),

    async update(id: string, patch: Partial<ShareInput>): Promise<Share> {
      const current = await deps.store.get(id);
      const next = checkShare({ ...current, ...patch }, root);
      const moved =
        next.protocol !== current.protocol ||
        next.server !== current.server ||
        next.share !== current.share ||
        next.mountPoint !== current.mountPoint;
      if (moved && mountState(current, await table()).mounted) {
        throw new DomainError(
          'conflict',
          `"${current.name}" is mounted at ${current.mountPoint}: unmount it before changing its server, share, protocol or mount point`,
        );
      }
      return deps.store.update(id, next);
    },

    async remove(id: string): Promise<void> {
      const share = await deps.store.get(id);
      if (mountState(share, await table()).mounted) {
        throw new DomainError(
          'conflict',
          `"${share.name}" is mounted at ${share.mountPoint}: unmount it before deleting it`,
        );
      }
      await deps.store.remove(id);
    },

    async mount(id: string): Promise<ShareWithStatus> {
      const share = await deps.store.get(id);
      return exclusive(share, async () => {
        const { mounted, other } = mountState(share, await table());
        if (mounted)
          throw new DomainError(
            'conflict',
            `"${share.name}" is already mounted at ${share.mountPoint}`,
          );
        if (other) {
          throw new DomainError(
            'conflict',
            `${share.mountPoint} already has ${other.source} (${other.fsType}) mounted on it: unmount that first or choose another mount point`,
          );
        }
        const reach = await checkReachable(share.server, sharePort(share), deps.connectTimeoutMs);
        if (!reach.reachable) {
          throw new DomainError('unavailable', `cannot mount "${share.name}": ${reach.error}`);
        }
        await checkCredentials(share);
        await ensureMountPoint(share);
        await logged('mount', share, () => deps.runner.mount(share));
        return status(id);
      });
    },

    async unmount(id: string): Promise<ShareWithStatus> {
      const share = await deps.store.get(id);
      return exclusive(share, async () => {
        const { mounted, other } = mountState(share, await table());
        if (other) {
          throw new DomainError(
            'conflict',
            `${share.mountPoint} has ${other.source} (${other.fsType}) mounted on it, not "${share.name}": the dashboard unmounts only its own shares`,
          );
        }
        if (!mounted) throw new DomainError('conflict', `"${share.name}" is not mounted`);
        await logged('unmount', share, () => deps.runner.unmount(share));
        return status(id);
      });
    },
  };
}

export type Shares = ReturnType<typeof createShares>;
