// discord-bot's web UI in a real browser (Debian's chromium, headless): the login
// page and what it says to configure, the server list with the bot's status, the
// tickets board with its filter and a ticket's transcript, opening a ticket for a
// member while the bot is off, and the moderation log with its filters. Tickets,
// transcripts and log rows are written straight into the service's test database.
// Saves a screenshot of each page (docs/screenshots/discord-*.png with SCREENSHOTS=docs).
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startTestService, TEST_PASSWORD, TEST_USERNAME, type TestService } from './harness.ts';
import { launchBrowser, logIn, newPage, screenshot } from './web-browser.ts';

const ACCOUNT = { username: TEST_USERNAME, password: TEST_PASSWORD };
const GUILD = '1098765432109876543';
const OTHER_GUILD = '1098765432109876599';
const PETE = { id: '312456789012345678', tag: 'pixel_pete' };
const NOVA = { id: '312456789012345699', tag: 'nova_k' };
const MARIA = { id: '298765432109876543', tag: 'mod_maria' };
const BOT = { id: '1300000000000000001', tag: 'helper_bot' };

let svc: TestService;
let browser: Browser;
let pool: pg.Pool;
let ticketIds: string[] = [];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function seed(db: pg.Pool) {
  await db.query(
    `INSERT INTO guilds (id, name, member_count, joined_at) VALUES
       ($1, 'Homelab Friends', 342, now() - interval '40 days'),
       ($2, 'Retro Gaming Night', 58, now() - interval '3 days')`,
    [GUILD, OTHER_GUILD],
  );
  const ticket = async (t: {
    number: number;
    opener: { id: string; tag: string };
    answer: string;
    status?: 'open' | 'closed';
    claimed?: boolean;
    reason?: string;
    age: number;
  }) => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO tickets (guild_id, number, channel_id, opener_id, opener_tag, status, answers,
         claimed_by, claimed_by_tag, claimed_at, closed_by, closed_by_tag, close_reason,
         created_at, last_activity_at, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)
       RETURNING id`,
      [
        GUILD,
        t.number,
        `14000000000000${String(t.number).padStart(5, '0')}`,
        t.opener.id,
        t.opener.tag,
        t.status ?? 'open',
        JSON.stringify([{ question: 'What do you need help with?', answer: t.answer }]),
        t.claimed ? MARIA.id : null,
        t.claimed ? MARIA.tag : null,
        t.claimed ? minutesAgo(t.age - 5) : null,
        t.status === 'closed' ? MARIA.id : null,
        t.status === 'closed' ? MARIA.tag : null,
        t.reason ?? null,
        minutesAgo(t.age),
        t.status === 'closed' ? minutesAgo(t.age - 30) : null,
      ],
    );
    return rows[0]!.id;
  };
  ticketIds = [
    await ticket({
      number: 1,
      opener: PETE,
      answer: 'Plex is buffering on every 4K movie',
      age: 90,
    }),
    await ticket({
      number: 2,
      opener: NOVA,
      answer: 'Cannot reach the wiki',
      claimed: true,
      age: 300,
    }),
    await ticket({
      number: 3,
      opener: PETE,
      answer: 'Lost my verified role',
      status: 'closed',
      claimed: true,
      reason: 'Role given back',
      age: 2000,
    }),
    await ticket({ number: 4, opener: NOVA, answer: 'Backup job failed twice', age: 20 }),
  ];
  const message = (n: number, author: { id: string; tag: string }, content: string, age: number) =>
    db.query(
      `INSERT INTO ticket_messages (ticket_id, message_id, author_id, author_tag, author_is_bot,
         content, created_at, edited_at, deleted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        ticketIds[0],
        `15000000000000${String(n).padStart(5, '0')}`,
        author.id,
        author.tag,
        author === BOT,
        content,
        minutesAgo(age),
        n === 3 ? minutesAgo(age - 1) : null,
        n === 4 ? minutesAgo(age - 2) : null,
      ],
    );
  await message(
    1,
    BOT,
    'Thanks for opening a ticket, pixel_pete! Staff will be with you soon.',
    89,
  );
  await message(2, PETE, 'Every 4K movie stops after a minute. 1080p is fine.', 88);
  await message(3, MARIA, 'Is the server transcoding? Check the dashboard under Activity.', 80);
  await message(4, PETE, 'oops, wrong channel', 79);
  await message(5, PETE, 'Yes, it says "Transcode (hw)" at 100% CPU.', 75);

  const mod = (action: string, target: { id: string; tag: string }, age: number, extra = {}) =>
    db.query(
      `INSERT INTO moderation_logs (guild_id, action, moderator_id, moderator_tag, target_id,
         target_tag, reason, duration_seconds, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        GUILD,
        action,
        MARIA.id,
        MARIA.tag,
        target.id,
        target.tag,
        (extra as { reason?: string }).reason ?? null,
        (extra as { seconds?: number }).seconds ?? null,
        minutesAgo(age),
      ],
    );
  await mod('warn', NOVA, 600, { reason: 'Spam in #general' });
  await mod('timeout', NOVA, 400, { reason: 'Spam again', seconds: 3600 });
  await mod('ban', { id: '312456789012340001', tag: 'spam_bot_9000' }, 60, {
    reason: 'Phishing links',
  });
}

beforeAll(async () => {
  svc = await startTestService();
  pool = new pg.Pool({ connectionString: svc.database!.url, max: 2 });
  await seed(pool);
  browser = await launchBrowser();
  return async () => {
    await browser.close();
    await pool.end();
    await svc.stop();
  };
});

async function openGuild(page: Page, tab = 'tickets') {
  await logIn(page, svc.service.url, ACCOUNT, `/guilds/${GUILD}/${tab}`);
}

it('sends a visitor to the login page, which says what Discord login needs', async () => {
  const page = await newPage(browser);
  await page.goto(`${svc.service.url}/guilds/${GUILD}/tickets`);
  await page.waitForURL((url) => url.pathname === '/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe(`/guilds/${GUILD}/tickets`);
  const setup = page.getByTestId('discord-setup');
  await setup.waitFor();
  const text = await setup.innerText();
  for (const name of ['DISCORD_CLIENT_ID', 'DISCORD_CLIENT_SECRET']) expect(text).toContain(name);
  expect(text).toContain('/auth/discord/callback');
  await screenshot(page, 'login');

  await page.getByLabel('Password').fill(`${ACCOUNT.password}-wrong`);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/password/);
  await page.getByLabel('Password').fill(ACCOUNT.password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/guilds/${GUILD}/tickets`);
  await page.getByTestId('tickets-board').waitFor();

  // The session ends while a page is open: the next call sends the user back to log in.
  await page.context().clearCookies();
  await page.getByRole('link', { name: 'Moderation' }).click();
  await page.waitForURL((url) => url.pathname === '/login');
  expect(new URL(page.url()).searchParams.get('next')).toBe(`/guilds/${GUILD}/moderation`);
});

it('lists the servers with the bot status', async () => {
  const page = await newPage(browser);
  await logIn(page, svc.service.url, ACCOUNT, '/');
  const list = page.getByTestId('guilds');
  await list.getByText('Retro Gaming Night').waitFor();
  expect(await list.innerText()).toContain('342 members');
  // The bot card answers either way: its state, or why it cannot say.
  await page.getByTestId('bot-status').locator('.bot-state, .error').first().waitFor();
  await screenshot(page, 'guilds');
  await list.getByRole('link', { name: /Homelab Friends/ }).click();
  await page.waitForURL((url) => url.pathname === `/guilds/${GUILD}`);
  await page.getByTestId('tickets-board').waitFor();
  expect(await page.title()).toContain('Homelab Friends');
});

it('shows the tickets board in columns, filters it by member and pages it', async () => {
  const page = await newPage(browser);
  await openGuild(page);
  const column = (name: string) => page.getByRole('region', { name: `${name} tickets` });
  await expect.poll(() => column('Open').locator('.ticket-card').count()).toBe(2);
  expect(await column('Open').innerText()).toContain('Plex is buffering');
  await expect.poll(() => column('Claimed').innerText()).toContain('by mod_maria');
  await expect.poll(() => column('Closed').innerText()).toContain('#3');
  await screenshot(page, 'tickets');

  await page.getByLabel('Member').fill(PETE.id);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => column('Open').locator('.ticket-card').count()).toBe(1);
  await expect.poll(() => column('Claimed').innerText()).toContain('None.');
  await expect.poll(() => column('Closed').innerText()).toContain('#3');

  // A bad filter shows the service's reason in the columns, nothing breaks.
  await page.getByLabel('Member').fill('pete');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => column('Open').getByRole('alert').innerText()).toContain('Discord id');

  // A column holds 25 tickets a page; "Load more" fetches the next.
  await pool.query(
    `INSERT INTO tickets (guild_id, number, opener_id, opener_tag, status, closed_by, closed_by_tag,
       created_at, closed_at)
     SELECT $1, 100 + n, '312456789012347777', 'old_timer', 'closed', $2, $3,
       now() - make_interval(days => 10 + n), now() - make_interval(days => 9 + n)
     FROM generate_series(1, 30) AS n`,
    [GUILD, MARIA.id, MARIA.tag],
  );
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(() => column('Closed').locator('.ticket-card').count()).toBe(25);
  await column('Closed').getByRole('button', { name: 'Load more' }).click();
  await expect.poll(() => column('Closed').locator('.ticket-card').count()).toBe(31);
  await expect(column('Closed').getByRole('button', { name: 'Load more' }).count()).resolves.toBe(
    0,
  );
});

it('opens a ticket with its answers and transcript, marking deleted messages', async () => {
  const page = await newPage(browser);
  await openGuild(page);
  await page.getByRole('link', { name: /#1 pixel_pete/ }).click();
  await page.waitForURL((url) => url.pathname === `/guilds/${GUILD}/tickets/${ticketIds[0]}`);
  const transcript = page.getByTestId('transcript');
  await expect.poll(() => transcript.locator('li').count()).toBe(5);
  const text = await transcript.innerText();
  expect(text).toContain('Every 4K movie stops after a minute');
  expect(text).toContain('(edited)');
  expect(await transcript.locator('li.deleted').innerText()).toContain('oops, wrong channel');
  expect(await page.getByTestId('ticket').innerText()).toContain('Plex is buffering');
  await screenshot(page, 'transcript');
});

it('opening a ticket for a member shows the service reason next to the form', async () => {
  const page = await newPage(browser);
  await openGuild(page);
  await page.getByRole('button', { name: 'Open a ticket for a member' }).click();
  const form = page.getByRole('form', { name: 'Open a ticket' });
  await form.getByLabel('Member id').fill('not-an-id');
  await form.getByLabel('Member name').fill('pixel_pete');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await expect.poll(() => form.getByRole('alert').innerText()).toContain('17–20 digits');
  await form.getByLabel('Member id').fill(PETE.id);
  await form.getByRole('button', { name: 'Open ticket' }).click();
  // No bot in this test: the service refuses, and says why.
  await expect.poll(() => form.getByRole('alert').innerText()).toMatch(/DISCORD_TOKEN|connected/);
});

it('shows the moderation log and filters it by action and member', async () => {
  const page = await newPage(browser);
  await openGuild(page, 'moderation');
  const rows = page.getByTestId('moderation').locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(3);
  expect(await rows.first().innerText()).toContain('spam_bot_9000');
  expect(await rows.nth(1).innerText()).toContain('1 h');
  await screenshot(page, 'moderation');

  await page.getByLabel('Action').selectOption('warn');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => rows.count()).toBe(1);
  expect(await rows.first().innerText()).toContain('Spam in #general');

  await page.getByLabel('Action').selectOption('');
  await page.getByLabel('Member (target id)').fill(NOVA.id);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect.poll(() => rows.count()).toBe(2);
});

it('adds, edits and deletes a role panel, with the service reason next to the form', async () => {
  const page = await newPage(browser);
  page.on('dialog', (dialog) => void dialog.accept());
  await openGuild(page, 'roles');
  await page.getByRole('button', { name: 'Add panel' }).click();
  const form = page.getByRole('form', { name: 'New role panel' });
  await form.getByLabel('Title').fill('Pick your games');
  await form.getByLabel('Channel id').fill('1400000000000000777');
  await form.getByRole('button', { name: 'Add role' }).click();
  await form.getByLabel('Role id 1').fill('12345');
  await form.getByLabel('Button label 1').fill('Minecraft');
  await form.getByRole('button', { name: 'Create and post' }).click();
  await expect.poll(() => form.getByRole('alert').innerText()).toContain('17-20 digits');

  await form.getByLabel('Role id 1').fill('1500000000000000001');
  await form.getByRole('button', { name: 'Add role' }).click();
  await form.getByLabel('Role id 2').fill('1500000000000000002');
  await form.getByLabel('Button label 2').fill('Factorio');
  await form.getByRole('button', { name: 'Create and post' }).click();
  const panels = page.getByTestId('role-panels');
  await panels.getByText('Pick your games').waitFor();
  expect(await panels.innerText()).toContain('Factorio');
  await screenshot(page, 'role-panels');

  await panels.getByRole('button', { name: 'Edit Pick your games' }).click();
  const edit = page.getByRole('form', { name: 'Edit Pick your games' });
  await edit.getByLabel('One role at a time').check();
  await edit.getByRole('button', { name: 'Remove role 2' }).click();
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await panels.getByText('one at a time').waitFor();
  const listed = (await (await svc.get(`/api/guilds/${GUILD}/role-panels`)).json()) as {
    panels: { title: string; singleChoice: boolean; roles: { label: string }[] }[];
  };
  expect(listed.panels).toMatchObject([
    { title: 'Pick your games', singleChoice: true, roles: [{ label: 'Minecraft' }] },
  ]);

  await panels.getByRole('button', { name: 'Delete Pick your games' }).click();
  await panels.getByText('No role panels yet.').waitFor();
});

it('saves the guild settings, showing the service reason next to the form', async () => {
  const page = await newPage(browser);
  await openGuild(page, 'settings');
  const form = page.getByRole('form', { name: 'Guild settings' });
  await form.getByLabel('Add to Staff roles').fill('1200000000000000001');
  await form.getByLabel('Add to Staff roles').press('Enter');
  await form.getByLabel('Max open tickets per member').fill('2');
  await form.getByLabel('Auto-close after (hours idle)').fill('48');
  for (const [i, label] of ['What do you need help with?', 'Which service?'].entries()) {
    await form.getByRole('button', { name: 'Add question' }).click();
    await form.getByLabel(`Question ${i + 1}`, { exact: true }).fill(label);
  }
  await form.getByLabel('Answer style 1').selectOption('paragraph');
  await form.getByLabel('Role once verified').fill('1200000000000000002');
  await form.getByLabel('Role on join (unverified)').fill('1200000000000000002');
  await form.getByLabel('Log channel').fill('1400000000000000001');
  await form.getByRole('button', { name: 'Save' }).click();
  // The same role twice is refused by the service, which says why.
  await expect.poll(() => form.getByRole('alert').innerText()).toContain('must differ');

  await form.getByLabel('Role on join (unverified)').fill('1200000000000000003');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('status').waitFor();
  const { settings } = (await (await svc.get(`/api/guilds/${GUILD}/settings`)).json()) as {
    settings: Record<string, unknown>;
  };
  expect(settings).toMatchObject({
    staffRoleIds: ['1200000000000000001'],
    maxOpenTicketsPerMember: 2,
    autoCloseHours: 48,
    ticketQuestions: [
      { label: 'What do you need help with?', style: 'paragraph', required: true },
      { label: 'Which service?', style: 'short', required: true },
    ],
    verifiedRoleId: '1200000000000000002',
    unverifiedRoleId: '1200000000000000003',
    logChannelId: '1400000000000000001',
  });
  await page.reload();
  await expect
    .poll(() => form.getByLabel('Question 2', { exact: true }).inputValue())
    .toBe('Which service?');
  await screenshot(page, 'settings');
});
