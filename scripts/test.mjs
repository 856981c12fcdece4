#!/usr/bin/env node
// `npm test`: the whole test suite on a fresh machine. Installs the npm
// dependencies when needed, generates the Prisma clients, builds the web UIs,
// type-checks, lints, then runs every test against a nats-server and a
// throw-away PostgreSQL cluster that the suite starts itself (or the server
// given by TEST_DATABASE_URL); then the whole-stack chaos suite
// (tools/chaos, `npm run test:chaos`: real service processes killed and
// restarted, one file at a time, so it runs on a quiet machine after the rest).
// Extra arguments go to the main vitest run, and the chaos suite is left out.
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

/**
 * Runs vitest with a JSON report; returns its exit status and the counts.
 * @param {string} label
 * @param {string} name
 * @param {string[]} args
 * @returns {{ status: number, counts: { passed: number, failed: number, skipped: number } }}
 */
function vitest(label, name, args) {
  const report = path.join(ROOT, '.tmp', `${name}-report.json`);
  mkdirSync(path.dirname(report), { recursive: true });
  rmSync(report, { force: true });
  console.log(`\n▶ ${label}`);
  const status = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...args,
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
  return { status, counts };
}

const extra = process.argv.slice(2);
const main = vitest('tests (vitest, real nats-server and PostgreSQL)', 'vitest', extra);
const chaos =
  extra.length === 0
    ? vitest('chaos tests (tools/chaos: real service processes killed and restarted)', 'chaos', [
        '--config',
        'tools/chaos/vitest.config.ts',
      ])
    : undefined;

const minutes = ((Date.now() - started) / 60000).toFixed(1);
console.log(`\nnpm test finished in ${minutes} min`);
/** @param {{ passed: number, failed: number, skipped: number }} c */
const line = (c) => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
console.log(`tests: ${line(main.counts)}`);
if (chaos) console.log(`chaos tests: ${line(chaos.counts)}`);
else console.log('chaos tests: left out (arguments given); `npm run test:chaos` runs them');
const failed = [main, ...(chaos ? [chaos] : [])].filter(
  (r) => r.status !== 0 || r.counts.failed > 0 || r.counts.passed === 0,
);
if (failed.length > 0) process.exit(failed.find((r) => r.status)?.status || 1);
