// The Jarvis page in a real browser against the real dashboard, a private
// dockerd and the OpenAI stand-in: a conversation whose answer streams in, uses
// a read-only tool and proposes a restart that runs only once approved (the
// recorded result shows on its card); renaming the conversation; "Analyze
// logs" from a container's detail; and the page without a key. Saves
// dashboard-jarvis-approval.png and dashboard-jarvis.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerEngineMissing,
  startDockerEngine,
  TEST_IMAGE,
  type DockerEngineHandle,
} from '../../tools/test-env/docker-engine.ts';
import {
  lastMessage,
  startOpenAiStandIn,
  type OpenAiStandIn,
} from '../../tools/test-env/openai-stand-in.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const missing = dockerEngineMissing();
const skip = missing !== undefined && !process.env.CI;
const title = skip ? `the Jarvis page (skipped: ${missing})` : 'the Jarvis page';
const TICKER = [
  'sh',
  '-c',
  'trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "tick $i"; [ $((i % 5)) -eq 0 ] && echo "WARN slow tick $i" >&2; sleep 0.5; done',
];
const ANALYSIS = {
  summary: 'ticker counts steadily; every fifth tick is reported as slow.',
  findings: [
    {
      severity: 'warning',
      title: 'Slow ticks',
      detail: 'WARN slow tick 5',
      likelyCause: 'the host is busy',
    },
  ],
};

let engine: DockerEngineHandle;
let openai: OpenAiStandIn;
let svc: TestService;
let browser: Browser;
let page: Page;

const startedAt = async () =>
  (await engine.docker.getContainer('ticker').inspect()).State.StartedAt;

beforeAll(async () => {
  if (skip) return;
  [engine, openai] = await Promise.all([
    startDockerEngine(),
    startOpenAiStandIn({ apiKey: 'sk-web' }),
  ]);
  openai.setDefault((_n, req) => {
    if (req.response_format) return JSON.stringify(ANALYSIS);
    const last = lastMessage(req);
    if (last?.role === 'tool') {
      return 'ticker is running. I proposed restarting it: approve it below if you want it done.';
    }
    if (/restart/i.test(last?.content ?? '')) {
      return {
        toolCalls: [
          { name: 'list_containers', arguments: { host: 'local' } },
          { name: 'restart_container', arguments: { host: 'local', container: 'ticker' } },
        ],
      };
    }
    return 'Hello! Ask me about the homelab.';
  });
  const started = startTestService({
    DOCKER_HOSTS: `local=${engine.socket}`,
    OPENAI_API_KEY: 'sk-web',
    OPENAI_BASE_URL: openai.baseUrl,
  });
  const ticker = await engine.docker.createContainer({
    name: 'ticker',
    Image: TEST_IMAGE,
    Cmd: TICKER,
  });
  await ticker.start();
  svc = await started;
  browser = await launchBrowser();
  page = await newPage(browser);
  await logIn(page, svc.service.url, '/jarvis');
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await Promise.all([engine?.dispose(), openai?.close()]);
});

describe.skipIf(skip)(title, () => {
  it('streams an answer that used a tool and proposes a restart that runs once approved', async () => {
    const before = await startedAt();
    const chat = page.getByRole('region', { name: 'Chat with Jarvis' });
    await chat.getByLabel('Message to Jarvis').fill('Is ticker running? Restart it please.');
    await chat.getByRole('button', { name: 'Send' }).click();

    const card = chat.getByRole('region', { name: /Proposed action: Restart container ticker/ });
    await card.waitFor();
    await expect.poll(() => chat.innerText()).toContain('approve it below if you want it done');
    expect(await chat.locator('.jarvis-tool').innerText()).toContain('list_containers');
    expect(await card.innerText()).toContain('proposed');
    // The conversation is listed under its first message.
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await expect.poll(() => list.innerText()).toContain('Is ticker running? Restart it please.');
    expect(await startedAt()).toBe(before);
    await screenshot(page, 'dashboard-jarvis-approval');

    await card.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => card.innerText(), { timeout: 30_000 }).toContain('succeeded');
    expect(await card.innerText()).toMatch(/Approved by admin/);
    expect(await card.innerText()).toMatch(/Result: .*container: ticker/);
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await expect.poll(startedAt, { timeout: 30_000 }).not.toBe(before);
  });

  it('keeps the decision after a reload and renames the conversation', async () => {
    await page.reload();
    const list = page.getByRole('navigation', { name: 'Conversations' });
    await list
      .getByRole('button', { name: 'Is ticker running? Restart it please.', exact: true })
      .click();
    const chat = page.getByRole('region', { name: 'Chat with Jarvis' });
    const card = chat.getByRole('region', { name: /Proposed action: Restart container ticker/ });
    await expect.poll(() => card.innerText()).toContain('succeeded');

    await list.getByRole('button', { name: /^Rename / }).click();
    await list.getByLabel('New title').fill('Ticker restart');
    await list.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => list.innerText()).toContain('Ticker restart');
    await expect.poll(() => chat.getByRole('heading').innerText()).toBe('Ticker restart');
  });

  it("analyzes a container's logs from its detail and lists the analysis here", async () => {
    await page.getByRole('link', { name: 'Containers' }).click();
    await page.getByRole('button', { name: 'ticker', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Container ticker' });
    await panel.getByRole('button', { name: 'Analyze logs' }).click();
    await expect.poll(() => panel.innerText()).toContain('Analysis queued');
    await panel.getByRole('link', { name: 'Jarvis page' }).click();
    const analyses = page.locator('.card', { hasText: 'Log analyses' });
    await expect
      .poll(() => analyses.innerText(), { timeout: 30_000 })
      .toContain('every fifth tick is reported as slow');
    expect(await analyses.innerText()).toMatch(/Slow ticks[\s\S]*Likely cause: the host is busy/);
    // The whole page: the decided conversation above its analyses.
    await page
      .getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: 'Ticker restart', exact: true })
      .click();
    await expect.poll(() => page.locator('.jarvis-action').innerText()).toContain('succeeded');
    await screenshot(page, 'dashboard-jarvis');
  });
});

describe.skipIf(skip)(`${title} without a key`, () => {
  let bare: TestService;
  let barePage: Page;
  beforeAll(async () => {
    bare = await startTestService({ DOCKER_HOSTS: `local=${engine.socket}` });
    barePage = await newPage(browser);
    await logIn(barePage, bare.service.url, '/jarvis');
  });
  afterAll(() => bare?.stop());

  it('says what to set and offers no chat', async () => {
    const notice = barePage.getByTestId('jarvis-not-configured');
    await expect.poll(() => notice.innerText()).toContain('set OPENAI_API_KEY');
    expect(await barePage.getByLabel('Message to Jarvis').isDisabled()).toBe(true);
  });
});
