// Unit tests of the shim's pure parts. Importing the modules here also puts
// them (plain .mjs with JSDoc types) under `tsc -p tools`.
import { describe, expect, it } from 'vitest';
import type {} from './bin.mjs';
import { createAdapterFactory } from './adapters.mjs';
import { parseArgs } from './args.mjs';
import { describeConnectionError, toRpcError } from './errors.mjs';
import { createMethodTable, MethodNotFoundError } from './methods.mjs';
import { isPgliteUrl, pgliteDirectory } from './pglite-adapter.mjs';
import { parsePostgresUrl, searchPathOption } from './postgres-url.mjs';
import type { RpcContext } from './rpc-server.mjs';
import { engineVersion } from './wasm-engine.mjs';

describe('the engine command line', () => {
  it('reads datamodels, the datasource and cli mode the way the CLI passes them', () => {
    const args = parseArgs([
      '--datamodels',
      'a.prisma',
      '--datamodels',
      'b.prisma',
      '--datasource',
      '{"url":"postgres://u@h/db","shadowDatabaseUrl":"postgres://u@h/s"}',
      '--enabled-preview-features',
      'views',
      'cli',
      'create-database',
    ]);
    expect(args).toEqual({
      version: false,
      datamodels: ['a.prisma', 'b.prisma'],
      datasource: { url: 'postgres://u@h/db', shadowDatabaseUrl: 'postgres://u@h/s' },
      cliCommand: 'create-database',
    });
    expect(parseArgs(['--version']).version).toBe(true);
    expect(() => parseArgs(['--bogus'])).toThrow(/Unknown argument/);
  });
});

describe('datasource URLs', () => {
  it("moves Prisma's ?schema= into search_path and keeps the rest for pg", () => {
    const target = parsePostgresUrl(
      'postgresql://u:p@db.local:6543/app?schema=my%20schema&sslmode=disable',
    );
    expect(target).toEqual({
      connectionString: 'postgresql://u:p@db.local:6543/app?sslmode=disable',
      schema: 'my schema',
      database: 'app',
      location: 'db.local:6543',
    });
    expect(searchPathOption(target.schema)).toBe('-c search_path="my\\ schema"');
  });

  it('treats file: URLs and bare paths as PGlite data directories', () => {
    expect(isPgliteUrl('file:./.data/pglite')).toBe(true);
    expect(isPgliteUrl('/var/lib/app/pglite')).toBe(true);
    expect(isPgliteUrl('postgres://h/db')).toBe(false);
    expect(isPgliteUrl('mysql://h/db')).toBe(false);
    expect(pgliteDirectory('file:data/pg', '/srv/app')).toBe('/srv/app/data/pg');
    expect(pgliteDirectory('file:///srv/pg')).toBe('/srv/pg');
  });

  it('picks adapter-pg, PGlite, or an in-memory PGlite when there is no URL', async () => {
    expect(createAdapterFactory({ url: 'postgres://h/db' }).adapterName).toBe('@prisma/adapter-pg');
    expect(createAdapterFactory({ url: 'file:./x' }).adapterName).toBe('pglite-prisma-adapter');
    expect(createAdapterFactory({}).adapterName).toBe('pglite-prisma-adapter');
    const unsupported = createAdapterFactory({ url: 'mysql://h/db' });
    await expect(unsupported.connect()).rejects.toThrow(/supports postgres:\/\/ URLs and PGlite/);
  });
});

describe('errors in the shape the CLI reads', () => {
  it('passes Prisma error codes through and marks panics', () => {
    const coded = Object.assign(new Error('Database schema is not empty'), { code: 'P3005' });
    expect(toRpcError(coded)).toEqual({
      code: 4466,
      message: 'An error happened. Check the data field for details.',
      data: {
        is_panic: false,
        message: 'Database schema is not empty',
        meta: {},
        error_code: 'P3005',
      },
    });
    const trap = Object.assign(new Error('unreachable'), { name: 'RuntimeError' });
    expect(toRpcError(trap, 'panicked at engine.rs:1').data).toMatchObject({
      is_panic: true,
      message: 'panicked at engine.rs:1',
    });
  });

  it('names a missing database P1003, which makes the CLI create it', () => {
    const target = { database: 'app', location: 'h:5432', user: 'u' };
    expect(describeConnectionError({ code: '3D000' }, target)).toEqual({
      errorCode: 'P1003',
      message: 'Database `app` does not exist on the database server at `h:5432`.',
    });
    expect(describeConnectionError({ code: 'ECONNREFUSED' }, target).errorCode).toBe('P1001');
    expect(describeConnectionError({ code: '28P01' }, target).errorCode).toBe('P1000');
    expect(describeConnectionError(new Error('odd'), target)).toEqual({ message: 'odd' });
  });

  it('answers an unknown method with a clear error', async () => {
    const handle = createMethodTable(async () => {
      throw new Error('no engine needed');
    }, undefined);
    const ctx: RpcContext = { request: async () => ({}) };
    await expect(handle('getDatabaseDescription', {}, ctx)).rejects.toBeInstanceOf(
      MethodNotFoundError,
    );
  });
});

it('loads the pinned WebAssembly engine on this Node version', async () => {
  expect(await engineVersion()).toMatch(/^[0-9a-f]{40}$/);
});
