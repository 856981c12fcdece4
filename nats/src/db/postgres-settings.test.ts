import { describe, expect, it } from 'vitest';
import { postgresSettings } from './postgres-database.ts';

describe('postgresSettings', () => {
  it("turns Prisma's URL parameters into pg settings and keeps the rest", () => {
    const s = postgresSettings(
      'postgresql://u:p@db:6543/app?schema=bot&connection_limit=3&sslmode=disable',
    );
    expect(s).toEqual({
      schema: 'bot',
      location: 'db:6543/app',
      config: {
        connectionString: 'postgresql://u:p@db:6543/app?sslmode=disable',
        options: '-c search_path="bot"',
      },
      poolSize: 3,
    });
  });

  it('prefers an explicit schema, escapes it for libpq, and defaults to public', () => {
    expect(postgresSettings('postgres://h/db?schema=a', 'my app').config.options).toBe(
      '-c search_path="my\\ app"',
    );
    expect(postgresSettings('postgres://h/db')).toMatchObject({ schema: 'public', poolSize: 10 });
  });

  it('keeps credentials out of the location used in error messages', () => {
    expect(postgresSettings('postgres://user:secret@h/db').location).toBe('h:5432/db');
  });
});
