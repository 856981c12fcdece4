#!/usr/bin/env node
// `npm test`: the whole test suite on a fresh machine. Installs the npm
// dependencies when needed, generates the Prisma clients, builds the web UIs,
// type-checks, lints, then runs every test against a nats-server and a
// throw-away PostgreSQL cluster that the suite starts itself (or the server
// given by TEST_DATABASE_URL). Extra arguments go to vitest.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  findChromium,
  findNatsServer,
  findPostgresBinDir,
  INSTALL_HINTS,
} from './lib/binaries.mjs';
import {
  checkNode,
  ensureChromium,
  ensureDependencies,
  ensureDockerEngine,
  ensurePrismaClients,
  ensureWebBuilds,
  fail,
  ROOT,
  run,
  step,
} from './lib/preflight.mjs';

checkNode();
if (!findNatsServer()) fail(INSTALL_HINTS.natsServer);
if (!process.env.TEST_DATABASE_URL && !findPostgresBinDir()) fail(INSTALL_HINTS.postgres);

const started = Date.now();
ensureChromium(findChromium, INSTALL_HINTS.chromium);
ensureDockerEngine();
ensureDependencies();
ensurePrismaClients();
ensureWebBuilds({ always: true });
step('type-check (tsc --noEmit, every workspace)', 'npm', ['run', 'typecheck', '--silent']);
step('lint (eslint)', 'npm', ['run', 'lint', '--silent']);
step('format check (prettier)', 'npm', ['run', 'format:check', '--silent']);

const report = path.join(ROOT, '.tmp', 'vitest-report.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });
console.log('\n▶ tests (vitest, real nats-server and PostgreSQL)');
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
]);

let counts = { passed: 0, failed: 0, skipped: 0 };
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  counts = {
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  };
} catch {
  // vitest crashed before writing its report; the exit status says so.
}
const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nnpm test finished in ${minutes} min`);
console.log(`tests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
if (status !== 0 || counts.failed > 0 || counts.passed === 0) process.exit(status || 1);
