// NAS share definitions in the dashboard's database (nas_shares). A second
// share with the same name or mount point is a conflict that names the share
// already holding it; the unique indexes settle a race between two requests.
import type { SqlClient, SqlDatabase } from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import type { Share, ShareDefinition } from './share.ts';

const COLUMNS = `id, name, protocol, server, share, mount_point, options, credentials_file, created_at, updated_at`;

interface Row {
  id: string;
  name: string;
  protocol: string;
  server: string;
  share: string;
  mount_point: string;
  options: string;
  credentials_file: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const toShare = (r: Row): Share => ({
  id: r.id,
  name: r.name,
  protocol: r.protocol === 'nfs' ? 'nfs' : 'smb',
  server: r.server,
  share: r.share,
  mountPoint: r.mount_point,
  options: r.options,
  credentialsFile: r.credentials_file,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const inside = (parent: string, child: string) => child.startsWith(`${parent}/`);

/**
 * Refuses a definition whose name or mount point another share (not `except`)
 * already has, or whose mount point lies inside another's or holds one: a
 * share mounted inside another would write its folder onto the other server.
 */
async function checkUnique(tx: SqlClient, d: ShareDefinition, except: string | null) {
  const rows = await tx.query<{ name: string; mount_point: string }>(
    `SELECT name, mount_point FROM nas_shares WHERE ($1::uuid IS NULL OR id <> $1::uuid)`,
    [except],
  );
  const sameName = rows.find((r) => r.name.toLowerCase() === d.name.toLowerCase());
  if (sameName) {
    throw new DomainError(
      'conflict',
      `a share named "${sameName.name}" already exists: choose another name`,
    );
  }
  for (const r of rows) {
    if (r.mount_point === d.mountPoint) {
      throw new DomainError(
        'conflict',
        `share "${r.name}" already uses the mount point ${r.mount_point}: choose another folder`,
      );
    }
    if (inside(r.mount_point, d.mountPoint) || inside(d.mountPoint, r.mount_point)) {
      throw new DomainError(
        'conflict',
        `${d.mountPoint} and the mount point of share "${r.name}" (${r.mount_point}) lie inside one another: choose a folder beside it`,
      );
    }
  }
}

const uniqueViolation = (err: unknown) =>
  /unique|duplicate key|23505/i.test(
    err instanceof Error ? `${err.message} ${String(err.cause)}` : String(err),
  );

const raced = (err: unknown) =>
  !(err instanceof DomainError) && uniqueViolation(err)
    ? new DomainError(
        'conflict',
        'another share took this name or mount point at the same moment: try again',
        {
          cause: err,
        },
      )
    : err;

export function createShareStore(sql: SqlDatabase) {
  return {
    async list(): Promise<Share[]> {
      return (await sql.query<Row>(`SELECT ${COLUMNS} FROM nas_shares ORDER BY lower(name)`)).map(
        toShare,
      );
    },

    async get(id: string): Promise<Share> {
      const rows = UUID.test(id)
        ? await sql.query<Row>(`SELECT ${COLUMNS} FROM nas_shares WHERE id = $1::uuid`, [id])
        : [];
      if (!rows[0]) throw new DomainError('not_found', `no NAS share with id "${id.slice(0, 40)}"`);
      return toShare(rows[0]);
    },

    create: (d: ShareDefinition): Promise<Share> =>
      sql
        .transaction(async (tx) => {
          await checkUnique(tx, d, null);
          const [row] = await tx.query<Row>(
            `INSERT INTO nas_shares (name, protocol, server, share, mount_point, options, credentials_file, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now()) RETURNING ${COLUMNS}`,
            [d.name, d.protocol, d.server, d.share, d.mountPoint, d.options, d.credentialsFile],
          );
          if (!row) throw new Error('nas_shares insert returned no row');
          return toShare(row);
        })
        .catch((err: unknown) => Promise.reject(raced(err))),

    update: (id: string, d: ShareDefinition): Promise<Share> =>
      sql
        .transaction(async (tx) => {
          await checkUnique(tx, d, id);
          const [row] = await tx.query<Row>(
            `UPDATE nas_shares SET name = $2, protocol = $3, server = $4, share = $5, mount_point = $6,
               options = $7, credentials_file = $8, updated_at = now()
             WHERE id = $1::uuid RETURNING ${COLUMNS}`,
            [id, d.name, d.protocol, d.server, d.share, d.mountPoint, d.options, d.credentialsFile],
          );
          if (!row) throw new DomainError('not_found', `no NAS share with id "${id}"`);
          return toShare(row);
        })
        .catch((err: unknown) => Promise.reject(raced(err))),

    async remove(id: string): Promise<void> {
      await sql.execute(`DELETE FROM nas_shares WHERE id = $1::uuid`, [id]);
    },
  };
}

export type ShareStore = ReturnType<typeof createShareStore>;
