// `schema-engine --datasource <json> cli <command>`: the CLI's one-shot
// checks before `migrate dev`/`deploy` (does the database exist, create it,
// drop it). Success is exit code 0; a failure is exit code 1 with an ERROR
// log line on stderr carrying `error_code`. The CLI skips the first stderr
// line and parses every other one as JSON.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { describeConnectionError } from './errors.mjs';
import { logLine } from './log.mjs';
import { isPgliteUrl, openPglite, pgliteDirectory } from './pglite-adapter.mjs';
import { isPostgresUrl, parsePostgresUrl, quoteIdent, withDatabase } from './postgres-url.mjs';

/** @typedef {import('./errors.mjs').UserFacingError} UserFacingError */

export class CliCommandError extends Error {
  /** @param {UserFacingError} failure */
  constructor(failure) {
    super(failure.message);
    this.name = 'CliCommandError';
    this.errorCode = failure.errorCode;
  }
}

/** @param {string} url */
function postgresTarget(url) {
  const target = parsePostgresUrl(url);
  return { ...target, user: decodeURIComponent(new URL(url).username) || undefined };
}

/**
 * @param {string} connectionString
 * @param {ReturnType<typeof postgresTarget>} target
 * @param {(client: pg.Client) => Promise<void>} [fn]
 */
async function withClient(connectionString, target, fn) {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new CliCommandError(describeConnectionError(error, target));
  }
  try {
    await fn?.(client);
  } catch (error) {
    throw new CliCommandError(describeConnectionError(error, target));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * CREATE/DROP DATABASE must run while connected to another database.
 * @param {ReturnType<typeof postgresTarget>} target
 * @param {string} sql
 */
async function onMaintenanceDb(target, sql) {
  let lastError;
  for (const database of ['postgres', 'template1']) {
    try {
      await withClient(withDatabase(target.connectionString, database), target, (c) =>
        c.query(sql).then(() => undefined),
      );
      return;
    } catch (error) {
      lastError = error;
      // Only an unreachable maintenance database is worth a second try.
      if (
        !(error instanceof CliCommandError) ||
        !['P1003', 'P1010'].includes(error.errorCode ?? '')
      )
        throw error;
    }
  }
  throw lastError;
}

/**
 * @param {'can-connect-to-database' | 'create-database' | 'drop-database'} command
 * @param {string} url
 */
export async function runDatabaseCommand(command, url) {
  if (isPostgresUrl(url)) {
    const target = postgresTarget(url);
    switch (command) {
      case 'can-connect-to-database':
        return withClient(target.connectionString, target);
      case 'create-database':
        return onMaintenanceDb(target, `CREATE DATABASE ${quoteIdent(target.database)}`);
      case 'drop-database':
        return onMaintenanceDb(
          target,
          `DROP DATABASE IF EXISTS ${quoteIdent(target.database)} WITH (FORCE)`,
        );
    }
  }
  if (isPgliteUrl(url)) {
    const dir = pgliteDirectory(url);
    switch (command) {
      case 'can-connect-to-database':
        if (existsSync(path.join(dir, 'PG_VERSION'))) return;
        throw new CliCommandError({
          errorCode: 'P1003',
          message: `Database \`${path.basename(dir)}\` does not exist at \`${dir}\`.`,
        });
      case 'create-database': {
        const db = await openPglite(dir);
        await db.close();
        return;
      }
      case 'drop-database':
        await rm(dir, { recursive: true, force: true });
        return;
    }
  }
  throw new CliCommandError({
    message: `The schema engine shim cannot handle the URL scheme of ${redact(url)}`,
  });
}

/** @param {string} url */
function redact(url) {
  return url.replace(/\/\/[^@/]*@/, '//<credentials>@');
}

/**
 * Runs a command and exits the process the way the CLI expects.
 * @param {string} command
 * @param {string | undefined} url
 */
export async function runCliMode(command, url) {
  logLine('INFO', `Starting schema engine shim in CLI mode: ${command}`);
  const known = ['can-connect-to-database', 'create-database', 'drop-database'];
  try {
    if (!known.includes(command))
      throw new CliCommandError({ message: `Unknown CLI command: ${command}` });
    if (!url) throw new CliCommandError({ message: 'No datasource URL was given (--datasource).' });
    await runDatabaseCommand(/** @type {'create-database'} */ (command), url);
    return 0;
  } catch (error) {
    const failure =
      error instanceof CliCommandError ? error : new CliCommandError({ message: String(error) });
    logLine('ERROR', failure.message, failure.errorCode ? { error_code: failure.errorCode } : {});
    return 1;
  }
}
