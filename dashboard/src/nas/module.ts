// NAS shares as one piece for the composition root: the store, the mount
// table and mount commands, and the HTTP routes. service.ts mounts `routes`
// under /api/nas; `listWithStatus` serves the health page and Jarvis.
import type { SqlDatabase } from '@homelab/nats';
import type { Logger } from '@homelab/nats/runtime';
import type { Config } from '../config.ts';
import { createMountRunner, DEFAULT_COMMANDS, type MountCommands } from './mount-command.ts';
import { nasRoutes } from './nas.routes.ts';
import { createShareStore } from './share-store.ts';
import { createShares } from './shares.ts';

export interface NasModuleDeps {
  config: Pick<Config, 'nas'>;
  sql: SqlDatabase;
  logger: Logger;
  /** The mount table; /proc/self/mountinfo unless given. */
  mountTablePath?: string;
  /** mount/umount programs and their timeout; `mount`/`umount` on PATH and 30 s unless given. */
  commands?: Partial<MountCommands>;
  /** How long a file server gets to accept a connection (default 2 s). */
  connectTimeoutMs?: number;
}

export function createNasModule(deps: NasModuleDeps) {
  const shares = createShares({
    store: createShareStore(deps.sql),
    mountRoot: deps.config.nas.mountRoot,
    mountTablePath: deps.mountTablePath ?? '/proc/self/mountinfo',
    runner: createMountRunner({ ...DEFAULT_COMMANDS, ...deps.commands }),
    connectTimeoutMs: deps.connectTimeoutMs ?? 2_000,
    logger: deps.logger,
  });
  return {
    shares,
    routes: nasRoutes(shares),
    listWithStatus: shares.listWithStatus,
    async stop() {
      // Nothing runs in the background: a mount in flight ends by its own timeout.
    },
  };
}

export type NasModule = ReturnType<typeof createNasModule>;
