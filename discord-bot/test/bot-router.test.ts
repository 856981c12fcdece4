// The interaction router behind the real discord.js client (through the Discord stand-in):
// commands, buttons, selects and modals reach their handlers by name / custom-id prefix, gateway
// events reach theirs, and a handler that throws gives the member an ephemeral "something went
// wrong" reply while the bot carries on.
import { createLogger } from '@homelab/nats/runtime';
import { MessageFlags } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startDiscordStandIn,
  type DiscordStandIn,
  type StandInGuild,
} from '../../tools/test-env/discord-stand-in.ts';
import { eventually } from '../../tools/test-env/service-harness.ts';
import { createDiscordBot, type DiscordBot } from '../src/bot/discord-bot.ts';
import type { GuildSync } from '../src/bot/guild-sync.ts';
import {
  createInteractionRouter,
  matchPrefix,
  NOT_HANDLED,
  SOMETHING_WENT_WRONG,
} from '../src/bot/interactions.ts';

const logLines: { level: number; msg: string; err?: { message: string } }[] = [];
const logger = createLogger(
  { level: 'info', service: 'discord-bot', version: 'test' },
  { write: (line: string) => void logLines.push(JSON.parse(line) as (typeof logLines)[number]) },
);
const noSync: GuildSync = {
  present: () => Promise.resolve(false),
  left: () => Promise.resolve(false),
  reconcile: () => Promise.resolve([]),
  memberCount: () => Promise.resolve(),
};

let standIn: DiscordStandIn;
let guild: StandInGuild;
let bot: DiscordBot;
const seen: string[] = [];
const router = createInteractionRouter(logger);

router
  .command(
    {
      name: 'ping',
      description: 'Ping',
      options: [{ type: 3, name: 'word', description: 'a word' }] as const,
    },
    async (i) => {
      await i.reply({ content: `pong ${i.options.getString('word') ?? ''}`.trim() });
    },
  )
  .button('ticket:close', async (i) => {
    seen.push(`close ${i.customId}`);
    await i.reply({ content: 'closing', flags: MessageFlags.Ephemeral });
  })
  .button('ticket', async (i) => {
    seen.push(`ticket ${i.customId}`);
    await i.deferUpdate();
  })
  .button('boom', () => {
    throw new Error('handler exploded');
  })
  .button('boom-late', async (i) => {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    throw new Error('exploded after deferring');
  })
  .select('role', async (i) => {
    seen.push(`select ${i.values.join(',')}`);
    await i.deferUpdate();
  })
  .modal('verify:answer', async (i) => {
    seen.push(`modal ${i.fields.getTextInputValue('answer')}`);
    await i.reply({ content: 'thanks', flags: MessageFlags.Ephemeral });
  })
  .onMessage((m) => {
    seen.push(`message ${m.content}`);
    if (m.content === 'explode') throw new Error('message handler exploded');
  })
  .onMemberJoin((m) => void seen.push(`join ${m.id}`))
  .onMemberLeave((m) => void seen.push(`leave ${m.id}`))
  .onMessageDelete((m) => void seen.push(`delete ${m.id}`));

beforeAll(async () => {
  standIn = await startDiscordStandIn();
  guild = standIn.addGuild({ name: 'Router Test' });
  bot = createDiscordBot({
    token: standIn.token,
    apiUrl: standIn.apiUrl,
    router,
    guildSync: noSync,
    logger,
  });
  bot.start();
  await bot.ready();
});
afterAll(async () => {
  await bot?.stop();
  await standIn?.close();
});

const where = () => ({
  guildId: guild.id,
  channelId: standIn.generalChannel(guild.id).id,
  userId: guild.owner_id,
});

describe('the interaction router', () => {
  it('matches the longest prefix followed by ":" (or the whole id)', () => {
    const table = new Map([
      ['ticket', () => 'ticket'],
      ['ticket:close', () => 'close'],
    ]);
    expect(matchPrefix(table, 'ticket:close:42')?.(undefined)).toBe('close');
    expect(matchPrefix(table, 'ticket:claim:42')?.(undefined)).toBe('ticket');
    expect(matchPrefix(table, 'ticket')?.(undefined)).toBe('ticket');
    expect(matchPrefix(table, 'tickets')).toBeUndefined();
    expect(() => router.button('ticket', () => undefined)).toThrow(/taken/);
  });

  it('registers its commands in the guild when the bot is ready', async () => {
    await eventually(async () => {
      expect(guild.commands.map((c) => c.name)).toEqual(['ping']);
    });
  });

  it('routes a slash command to its handler', async () => {
    const sent = standIn.memberRunsCommand({ ...where(), name: 'ping', options: { word: 'hi' } });
    expect(await standIn.waitForResponse(sent.id)).toMatchObject({
      type: 4,
      content: 'pong hi',
      ephemeral: false,
    });
  });

  it('routes buttons by custom-id prefix, selects and modals', async () => {
    const close = standIn.memberPressesButton({ ...where(), customId: 'ticket:close:7' });
    expect((await standIn.waitForResponse(close.id)).content).toBe('closing');
    const claim = standIn.memberPressesButton({ ...where(), customId: 'ticket:claim:7' });
    expect((await standIn.waitForResponse(claim.id)).type).toBe(6);
    const select = standIn.memberSelects({ ...where(), customId: 'role:1', values: ['a', 'b'] });
    await standIn.waitForResponse(select.id);
    const modal = standIn.memberSubmitsModal({
      ...where(),
      customId: 'verify:answer:9',
      fields: { answer: 'blue' },
    });
    expect((await standIn.waitForResponse(modal.id)).content).toBe('thanks');
    expect(seen).toEqual(
      expect.arrayContaining([
        'close ticket:close:7',
        'ticket ticket:claim:7',
        'select a,b',
        'modal blue',
      ]),
    );
  });

  it('answers an interaction nobody handles with an ephemeral note', async () => {
    const sent = standIn.memberPressesButton({ ...where(), customId: 'unknown:1' });
    expect(await standIn.waitForResponse(sent.id)).toMatchObject({
      ephemeral: true,
      content: NOT_HANDLED,
    });
  });

  it('a handler that throws: logged, an ephemeral "something went wrong", the bot goes on', async () => {
    const sent = standIn.memberPressesButton({ ...where(), customId: 'boom' });
    expect(await standIn.waitForResponse(sent.id)).toMatchObject({
      kind: 'callback',
      type: 4,
      ephemeral: true,
      content: SOMETHING_WENT_WRONG,
    });
    expect(logLines.some((l) => l.err?.message === 'handler exploded')).toBe(true);
    // Already deferred: the note comes as an ephemeral follow-up.
    const late = standIn.memberPressesButton({ ...where(), customId: 'boom-late' });
    expect(await standIn.waitForResponse(late.id, (r) => r.kind === 'followup')).toMatchObject({
      ephemeral: true,
      content: SOMETHING_WENT_WRONG,
    });
    // Still working.
    const ping = standIn.memberRunsCommand({ ...where(), name: 'ping' });
    expect((await standIn.waitForResponse(ping.id)).content).toBe('pong');
    expect(bot.status().state).toBe('ready');
  });

  it('hands messages, deletes and member joins/leaves to their handlers; a throwing one is logged', async () => {
    const channelId = standIn.generalChannel(guild.id).id;
    standIn.memberSays({ channelId, userId: guild.owner_id, content: 'explode' });
    const m = standIn.memberSays({ channelId, userId: guild.owner_id, content: 'calm' });
    standIn.messageDeleted(channelId, m.id);
    const erin = standIn.user({ username: 'erin' });
    standIn.memberJoins(guild.id, erin);
    standIn.memberLeaves(guild.id, erin.id);
    await eventually(async () => {
      expect(seen).toEqual(
        expect.arrayContaining([
          'message explode',
          'message calm',
          `delete ${m.id}`,
          `join ${erin.id}`,
          `leave ${erin.id}`,
        ]),
      );
    });
    expect(logLines.some((l) => l.err?.message === 'message handler exploded')).toBe(true);
    expect(bot.status().state).toBe('ready');
  });
});
