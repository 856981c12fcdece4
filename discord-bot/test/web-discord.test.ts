// discord-bot's web UI with Discord on the other side: the real service, its real discord.js
// client logged in to the Discord stand-in (which also plays Discord's OAuth login), and a real
// browser (Debian's chromium). "Log in with Discord" runs end to end; the user sees the server
// they manage and the bot's state; a ticket opened for a member from the board gets its Discord
// channel and the bot's welcome in the transcript, and closing it with a reason deletes the
// channel. Posting the ticket panel from the settings page puts the message in the channel.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../tools/test-env/ports.ts';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInGuild,
  type StandInUser,
} from '../../tools/test-env/discord-stand-in.ts';
import {
  installDiscordOAuth,
  MANAGE_GUILD,
  type DiscordOAuthStandIn,
} from '../../tools/test-env/discord-oauth-stand-in.ts';
import { startTestService, type TestService } from './harness.ts';
import { launchBrowser, newPage, screenshot } from './web-browser.ts';

let standIn: DiscordStandIn;
let oauth: DiscordOAuthStandIn;
let svc: TestService;
let browser: Browser;
let base: string;
let guild: StandInGuild;
let ada: StandInUser;
let pete: StandInUser;

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  oauth = installDiscordOAuth(standIn);
  guild = standIn.addGuild({ name: 'Homelab Friends' });
  const other = standIn.addGuild({ name: 'Somebody Else' });
  ada = standIn.user({ username: 'ada' });
  pete = standIn.user({ username: 'pixel_pete' });
  standIn.addMember(guild.id, ada);
  standIn.addMember(guild.id, pete);
  oauth.consentAs({
    user: ada,
    guilds: [
      { id: guild.id, name: guild.name, permissions: MANAGE_GUILD },
      { id: other.id, name: 'Somebody Else', permissions: 0n },
    ],
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  svc = await startTestService({
    PORT: String(port),
    PUBLIC_URL: base,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    DISCORD_TOKEN: standIn.token,
    ...oauth.env(),
  });
  await svc.service.bot.ready();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await svc?.stop();
  await standIn?.close();
});

it('logs in with Discord and works a ticket from the board to its close', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  expect(await page.locator('.whoami').innerText()).toContain('ada');

  // Only the server ada manages; the bot is connected, in both.
  const list = page.getByTestId('guilds');
  await list.getByText('Homelab Friends').waitFor();
  expect(await list.innerText()).not.toContain('Somebody Else');
  await expect.poll(() => page.getByTestId('bot-status').innerText()).toContain('ready');
  expect(await page.getByTestId('bot-status').innerText()).toContain('In 2 servers');
  await screenshot(page, 'home');

  await list.getByRole('link', { name: /Homelab Friends/ }).click();
  await page.getByRole('button', { name: 'Open a ticket for a member' }).click();
  const form = page.getByRole('form', { name: 'Open a ticket' });
  await form.getByLabel('Member id').fill(pete.id);
  await form.getByLabel('Member name').fill('pixel_pete');
  await form.getByRole('button', { name: 'Open ticket' }).click();
  await page.waitForURL((url) => /\/tickets\/[0-9a-f-]{36}$/.test(url.pathname));
  const ticket = page.getByTestId('ticket');
  await expect.poll(() => ticket.innerText()).toContain('from the web');
  const ticketId = new URL(page.url()).pathname.split('/').pop()!;
  const { ticket: stored } = (await (await svc.get(`/api/tickets/${ticketId}`)).json()) as {
    ticket: { channelId: string };
  };
  expect(standIn.channels.get(stored.channelId)?.name).toBe('ticket-0001');
  // The bot's welcome reaches the transcript through the gateway.
  // (A reload per try: under a loaded machine one second, vitest's default, is too short.)
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId('transcript').count();
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(1);

  await page.getByLabel('Reason (optional)').fill('Sorted out on the phone');
  await page.getByRole('button', { name: 'Close ticket' }).click();
  await expect.poll(() => ticket.innerText()).toContain('Sorted out on the phone');
  expect(await ticket.innerText()).toContain('by ada');
  await expect
    .poll(
      () =>
        standIn.channels.get(stored.channelId)?.deleted ?? !standIn.channels.has(stored.channelId),
    )
    .toBe(true);

  await page.getByRole('link', { name: '← All tickets' }).click();
  await expect
    .poll(() => page.getByRole('region', { name: 'Closed tickets' }).innerText())
    .toContain('#1 pixel_pete');
});

it('posts the ticket panel from the settings page', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Log in with Discord' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.goto(`${base}/guilds/${guild.id}/settings`);
  const post = page.getByRole('form', { name: 'Post ticket panel' });
  await post.getByLabel('Post ticket panel: channel id').fill('1999999999999999999');
  await post.getByRole('button', { name: 'Post ticket panel' }).click();
  await post.getByRole('alert').waitFor();

  const general = standIn.generalChannel(guild.id);
  await post.getByLabel('Post ticket panel: channel id').fill(general.id);
  await post.getByRole('button', { name: 'Post ticket panel' }).click();
  await post.getByRole('status').waitFor();
  expect(
    standIn
      .channelMessages(general.id)
      .some((m) => JSON.stringify(m.components).includes('ticket:open')),
  ).toBe(true);
});
