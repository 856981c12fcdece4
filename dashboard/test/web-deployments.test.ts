// The deployments page in a real browser against a real, private dockerd: a
// deployment asked for in the form is followed live to its end, a failing one
// is shown as rolled back with its reason, a stack container needs the
// confirmation box, and the history lists each outcome. Saves
// dashboard-deployments.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const missing = dockerEngineMissing();
const skip = missing !== undefined && !process.env.CI;
const title = skip ? `the deployments page (skipped: ${missing})` : 'the deployments page';

const TICKER = ['sh', '-c', 'trap "exit 0" TERM; while true; do echo tick; sleep 0.5; done'];
const EXITS = 'localhost/busybox:exits';

let engine: DockerEngineHandle;
let svc: TestService;
let browser: Browser;
let page: Page;

async function run(name: string, labels: Record<string, string> = {}) {
  const c = await engine.docker.createContainer({
    name,
    Image: TEST_IMAGE,
    Cmd: TICKER,
    Labels: labels,
    Env: ['APP_MODE=blue'],
    Healthcheck: { Test: ['CMD', 'true'], Interval: 300_000_000 },
  });
  await c.start();
}

beforeAll(async () => {
  if (skip) return;
  engine = await startDockerEngine();
  const started = startTestService({
    DOCKER_SOCKET: engine.socket,
    STACK_CONTAINERS: 'dashboard',
    DEPLOY_HEALTH_TIMEOUT_MS: '20000',
    DEPLOY_STABLE_MS: '1500',
  });
  const base = await engine.docker.createContainer({ Image: TEST_IMAGE, Cmd: ['true'] });
  await base.commit({
    repo: 'localhost/busybox',
    tag: 'exits',
    changes: ['ENTRYPOINT ["sh", "-c", "echo missing DATABASE_URL >&2; exit 3"]'],
  } as object);
  await base.remove();
  await Promise.all([
    run('web'),
    run('homelab-dashboard-1', { 'com.docker.compose.service': 'dashboard' }),
  ]);
  svc = await started;
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, svc.service.url, '/deployments');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await engine?.dispose();
});

const form = () => page.getByRole('form', { name: 'Deploy' });
const history = () => page.getByRole('table', { name: 'Deployment history' });

async function choose(target: string) {
  const select = form().getByLabel('Container');
  await expect
    .poll(async () => (await select.locator('option').allInnerTexts()).join('\n'))
    .toContain(target);
  const value = await select
    .locator('option', { hasText: `${target} (` })
    .first()
    .getAttribute('value');
  await select.selectOption(value!);
}

describe.skipIf(skip)(title, () => {
  it('deploys a container from the form and follows it live to success', async () => {
    await choose('web');
    await form().getByRole('button', { name: 'Deploy' }).click();
    const live = page.getByRole('status', { name: 'Deployment of web' });
    await expect.poll(() => live.innerText(), { timeout: 30_000 }).toContain('succeeded');
    expect(await live.innerText()).toMatch(/created web/);
    expect(await live.innerText()).toMatch(/previous container was\s+removed/);
    await expect.poll(() => history().innerText()).toMatch(/web[\s\S]*succeeded/);
  });

  it('shows a deployment whose container exits as rolled back, with the reason', async () => {
    await choose('web');
    await form().getByLabel('Image', { exact: true }).fill(EXITS);
    await form().getByRole('button', { name: 'Deploy' }).click();
    const live = page.getByRole('status', { name: 'Deployment of web' });
    await expect.poll(() => live.innerText(), { timeout: 30_000 }).toContain('Rolled back:');
    expect(await live.innerText()).toMatch(/missing DATABASE_URL/);
    await expect
      .poll(() => history().locator('tr', { hasText: EXITS }).innerText())
      .toMatch(/rolled back[\s\S]*web exited/);
    expect((await engine.docker.getContainer('web').inspect()).State.Running).toBe(true);
    await screenshot(page, 'dashboard-deployments');
  });

  it('asks for the confirmation box before deploying a stack container', async () => {
    await form().getByLabel('Image', { exact: true }).fill('');
    await choose('homelab-dashboard-1');
    const deployButton = form().getByRole('button', { name: 'Deploy' });
    expect(await deployButton.isDisabled()).toBe(true);
    await form()
      .getByLabel(/part of the homelab stack/)
      .check();
    expect(await deployButton.isDisabled()).toBe(false);
  });
});
