// Reading prisma/migrations the way Prisma Migrate lays it out:
// <migrationsDir>/<timestamp>_<name>/migration.sql, applied in name order.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MigrationsDirError } from './db-errors.ts';

export interface MigrationFile {
  /** The directory name, e.g. `20260101120000_init`, as stored in `_prisma_migrations`. */
  name: string;
  sql: string;
  /** sha256 hex of migration.sql, as Prisma records it. */
  checksum: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(migrationsDir, { withFileTypes: true });
  } catch (error) {
    throw new MigrationsDirError(migrationsDir, { cause: error });
  }
  // Byte order, like the engine, not locale order.
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: MigrationFile[] = [];
  for (const name of names) {
    const sql = await readFile(path.join(migrationsDir, name, 'migration.sql'), 'utf8').catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      },
    );
    if (sql !== undefined) files.push({ name, sql, checksum: sha256(sql) });
  }
  return files;
}

/**
 * Like Prisma, a checkout that only changed line endings (git autocrlf) is
 * not an edited migration.
 */
export function checksumMatches(file: MigrationFile, recorded: string): boolean {
  if (file.checksum === recorded) return true;
  const lf = file.sql.replace(/\r\n/g, '\n');
  return sha256(lf) === recorded || sha256(lf.replace(/\n/g, '\r\n')) === recorded;
}
