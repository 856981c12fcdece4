// The NAS page in a real browser (Debian's chromium, headless) against the real
// dashboard: shares with their reachability, a form that shows the service's
// validation messages, and a mount that cannot succeed here showing why.
// Saves a screenshot (docs/screenshots/ with SCREENSHOTS=docs).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

let svc: TestService;
let browser: Browser;
let page: Page;
let mountRoot: string;
let listener: Server;
let port: number;
// As root (never on CI) a tmpfs at one share's mount point shows the space bar.
const tmpfs = process.getuid?.() === 0 && !process.env.CI;
let scratch: string | undefined;

beforeAll(async () => {
  mountRoot = await mkdtemp(join(tmpdir(), 'nas-web-'));
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as AddressInfo).port;
  svc = await startTestService({ NAS_MOUNT_ROOT: mountRoot });
  for (const share of [
    {
      name: 'Media',
      protocol: 'smb',
      server: '127.0.0.1',
      share: 'media',
      mountPoint: `${mountRoot}/media`,
      options: `ro,guest,port=${port}`,
    },
    {
      name: 'Backups',
      protocol: 'nfs',
      server: 'backup.invalid',
      share: '/export/backups',
      mountPoint: `${mountRoot}/backups`,
      options: 'vers=4.2',
    },
  ]) {
    expect((await svc.post('/api/nas/shares', share)).status).toBe(201);
  }
  if (tmpfs) {
    scratch = `${mountRoot}/archive`;
    const share = {
      name: 'Archive',
      protocol: 'smb',
      server: '127.0.0.1',
      share: 'archive',
      mountPoint: scratch,
      options: `guest,port=${port}`,
    };
    expect((await svc.post('/api/nas/shares', share)).status).toBe(201);
    await mkdir(scratch);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'archive', scratch]);
    await writeFile(join(scratch, 'fill'), Buffer.alloc(40 * 1024 * 1024));
  }
  browser = await launchBrowser();
  page = await newPage(browser);
  return async () => {
    await browser.close();
    await svc.stop();
    if (scratch) execFileSync('umount', [scratch]);
    await new Promise((resolve) => listener.close(resolve));
    await rm(mountRoot, { recursive: true, force: true });
  };
});

it('lists the shares with whether their servers answer', async () => {
  await logIn(page, svc.service.url, '/nas');
  const media = page.getByTestId('nas-share-Media');
  await expect.poll(() => media.innerText()).toMatch(/server answers \(port \d+/);
  await expect.poll(() => media.innerText()).toMatch(/not mounted/);
  const backups = page.getByTestId('nas-share-Backups');
  await expect.poll(() => backups.innerText()).toMatch(/server unreachable/);
  expect(await backups.innerText()).toContain('the name backup.invalid does not resolve');
  if (tmpfs) {
    const other = page.getByTestId('nas-share-Archive');
    await expect.poll(() => other.innerText()).toContain('Something else is mounted');
    expect(await other.innerText()).toMatch(/24(\.0)? MiB free of 64(\.0)? MiB/);
  }
});

it('shows each validation problem of a new share, then adds it once corrected', async () => {
  await page.getByRole('button', { name: 'Add share' }).click();
  const form = page.getByRole('form', { name: 'Add share' });
  await form.getByLabel('Name', { exact: true }).fill('Photos');
  await form.getByLabel('Server').fill('127.0.0.1');
  await form.getByLabel('Share name').fill('photos');
  await form.getByLabel('Mount point').fill('/etc/photos');
  await form.getByLabel('Options').fill('exec,guest');
  await form.getByRole('button', { name: 'Add share' }).click();
  const alert = form.getByRole('alert');
  await expect.poll(() => alert.innerText()).toContain('"exec" is not allowed');
  expect(await alert.innerText()).toContain(`must lie under ${mountRoot}`);

  await form.getByLabel('Mount point').fill(`${mountRoot}/photos`);
  await form.getByLabel('Options').fill(`guest,port=${port}`);
  await form.getByRole('button', { name: 'Add share' }).click();
  await expect.poll(() => page.getByRole('status').innerText()).toContain('Photos: saved');
  await page.getByTestId('nas-share-Photos').waitFor();
});

it('shows why a mount cannot succeed here', async () => {
  const media = page.getByTestId('nas-share-Media');
  await media.getByRole('button', { name: 'Mount' }).click();
  const alert = media.getByRole('alert');
  // Not root: not permitted; root without mount.cifs: the package to install; else the server's answer.
  await expect
    .poll(() => alert.innerText(), { timeout: 40_000 })
    .toMatch(/Not permitted|Not set up on this machine: .*cifs-utils|Server unavailable/);
  await screenshot(page, 'dashboard-nas');
});

it('changes a share through its edit form and deletes it after confirming', async () => {
  const photos = page.getByTestId('nas-share-Photos');
  await photos.getByRole('button', { name: 'Edit' }).click();
  const form = page.getByRole('form', { name: 'Edit share' });
  await form.getByLabel('Options').fill(`ro,guest,port=${port}`);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect.poll(() => photos.innerText()).toContain(`Options: ro,guest,port=${port}`);

  await photos.getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Yes, delete' }).click();
  await expect.poll(() => page.getByTestId('nas-share-Photos').count()).toBe(0);
  const res = await svc.get('/api/nas/shares');
  const { shares } = (await res.json()) as { shares: { name: string }[] };
  expect(shares.map((s) => s.name)).not.toContain('Photos');
});
