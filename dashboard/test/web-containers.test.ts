// The containers page in a real browser against a real, private dockerd
// (tools/test-env/docker-engine.ts): hosts with their containers and an
// unreachable one, the confirmation a stack container needs, an action on a
// plain container, and the detail panel's followed log, its search and live
// stats. Saves dashboard-container-detail.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

// Without dockerd these tests may be skipped locally, never on CI.
const missing = dockerEngineMissing();
const skip = missing !== undefined && !process.env.CI;
const title = skip ? `the containers page (skipped: ${missing})` : 'the containers page';

// Prints a numbered line on stdout and one on stderr twice a second; exits on SIGTERM.
const TICKER = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; echo "warn $i" >&2; sleep 0.5; done',
];

let engine: DockerEngineHandle;
let svc: TestService;
let browser: Browser;
let page: Page;

async function run(name: string) {
  const container = await engine.docker.createContainer({ name, Image: TEST_IMAGE, Cmd: TICKER });
  await container.start();
}

beforeAll(async () => {
  if (skip) return;
  engine = await startDockerEngine();
  const started = startTestService({
    DOCKER_HOSTS: `local=${engine.socket},nas=unix:///nonexistent/docker.sock`,
    STACK_CONTAINERS: 'stream-bot,dashboard',
  });
  await Promise.all([run('ticker'), run('stream-bot')]);
  svc = await started;
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, svc.service.url, '/containers');
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await engine?.dispose();
});

const row = (name: string) =>
  page.getByRole('table', { name: 'Containers on local' }).locator('tr', { hasText: name });

describe.skipIf(skip)(title, () => {
  it('lists each reachable host with its containers and names the unreachable one', async () => {
    await expect.poll(() => row('ticker').innerText()).toContain('running');
    expect(await row('ticker').innerText()).toContain(TEST_IMAGE);
    expect(await row('stream-bot').innerText()).toContain('stack');
    const banner = page.getByTestId('engine-banner');
    expect(await banner.innerText()).toContain('Some Docker hosts are unreachable');
    expect(await banner.innerText()).toContain('unix:///nonexistent/docker.sock');
  });

  it('asks before restarting a stack container and records who did it', async () => {
    await row('stream-bot').getByRole('button', { name: 'restart stream-bot' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain("part of the platform's own stack");
    await dialog.getByRole('button', { name: 'Yes, restart' }).click();
    await expect.poll(() => page.getByRole('status').innerText()).toContain('restart done');
    await expect
      .poll(() => page.locator('.card', { hasText: 'Recent actions' }).innerText())
      .toMatch(/restart stream-bot\s+succeeded[\s\S]*admin · local/);
  });

  it("follows a container's log, searches it and streams its figures", async () => {
    await row('ticker').getByRole('button', { name: 'ticker', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Container ticker' });
    const logs = panel.getByTestId('container-logs');
    await expect.poll(() => logs.locator('pre').innerText()).toMatch(/tick \d+/);
    const before = (await logs.locator('pre').innerText()).match(/tick (\d+)/g)?.length ?? 0;
    // Followed: new lines arrive without asking.
    await expect
      .poll(async () => (await logs.locator('pre').innerText()).match(/tick (\d+)/g)?.length ?? 0)
      .toBeGreaterThan(before);
    expect(await logs.locator('.log-err').count()).toBeGreaterThan(0);

    await logs.getByLabel('Search').fill('warn');
    await logs.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => logs.locator('pre').innerText()).not.toMatch(/tick \d+/);
    await expect.poll(() => logs.locator('pre').innerText()).toMatch(/warn \d+/);

    const stats = panel.getByTestId('container-stats');
    await expect.poll(() => stats.locator('svg polyline').count(), { timeout: 15_000 }).toBe(4);
    await screenshot(page, 'dashboard-container-detail');
  });

  it('stops a plain container without asking, and offers to start it again', async () => {
    await row('ticker').getByRole('button', { name: 'stop ticker' }).click();
    await expect.poll(() => row('ticker').innerText(), { timeout: 20_000 }).toContain('exited');
    await row('ticker').getByRole('button', { name: 'start ticker' }).waitFor();
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
  });
});
