// A service run as its own process four times, each unable to start: a wrong NATS password,
// the same with credentials written into NATS_URL, a wrong database password, a database that
// is not there (a closed port, a password in its URL). Returns every line the three wrote and the secrets that must not be among them. Each
// failure must show in the lines, so the scan reads what it is meant to.
import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@homelab/nats';
import { expect, inject } from 'vitest';
import { createServiceDatabase } from '../test-env/databases.ts';
import { freePort } from '../test-env/ports.ts';
import { runUntilExit } from './process.ts';
import type { Secrets } from './scan.ts';

const DIRS: Record<ServiceName, 'stream-bot' | 'discord-bot' | 'dashboard'> = {
  streambot: 'stream-bot',
  discord: 'discord-bot',
  dashboard: 'dashboard',
};

export async function startupFailures(
  user: ServiceName,
  env: Record<string, string>,
): Promise<{ lines: string[]; secrets: Secrets }> {
  const admin = new URL(inject('pgAdminUrl'));
  const database = await createServiceDatabase(inject('pgAdminUrl'), user);
  const natsPassword = inject('natsCredentials')[user].pass;
  const secret = (label: string) => `${label}${randomBytes(12).toString('hex')}`;
  const wrongNats = secret('natswrong');
  const wrongDb = secret('dbwrong');
  const goneDb = secret('dbgone');
  const inNatsUrl = secret('natsurl');
  const natsUrl = new URL(inject('natsUrl'));
  natsUrl.username = user;
  natsUrl.password = inNatsUrl;
  const dbUrl = (password: string, port = admin.port) =>
    `postgres://${database.user}:${password}@${admin.hostname}:${port}/${database.database}`;
  const closedPort = String(await freePort());
  const common = { NATS_URL: inject('natsUrl'), LOG_LEVEL: 'trace', PORT: '0', ...env };
  const runs = [
    { NATS_PASSWORD: wrongNats, DATABASE_URL: dbUrl(database.password) },
    {
      NATS_URL: natsUrl.toString(),
      NATS_PASSWORD: wrongNats,
      DATABASE_URL: dbUrl(database.password),
    },
    { NATS_PASSWORD: natsPassword, DATABASE_URL: dbUrl(wrongDb) },
    { NATS_PASSWORD: natsPassword, DATABASE_URL: dbUrl(goneDb, closedPort) },
  ];
  const lines: string[] = [];
  try {
    for (const run of runs) {
      const exited = await runUntilExit(DIRS[user], { ...common, ...run });
      expect(exited.code).not.toBe(0);
      lines.push(...exited.lines);
    }
  } finally {
    await database.drop();
  }
  const text = lines.join('\n');
  expect(text).toMatch(/refused the credentials of user/);
  expect(text).toMatch(/password authentication failed/);
  expect(text).toMatch(/ECONNREFUSED/);
  return {
    lines,
    secrets: {
      'wrong NATS password': wrongNats,
      'NATS password': natsPassword,
      'database password': database.password,
      'wrong database password': wrongDb,
      'password of an unreachable database': goneDb,
      'password in NATS_URL': inNatsUrl,
    },
  };
}
