// /api/bot: the signed-in user's bot settings, custom commands and timers, and
// running a command as if it was typed in chat. The store checks every input
// and writes nothing when any of it is wrong.
import type { Logger } from '@homelab/nats/runtime';
import { Hono } from 'hono';
import { z } from 'zod';
import { normalizeChannel, type BotSettings } from '../bot/settings.ts';
import { roleSchema, type BotTimer, type CustomCommand } from '../commands/definitions.ts';
import type { BotCommands } from '../commands/bot-commands.ts';
import type { BotConfigStore } from '../db/bot-config-store.ts';
import { DomainError } from '../domain/errors.ts';
import { readJson } from './errors.ts';
import { currentUser } from './session.ts';

export interface BotConfigRouteDeps {
  configs: BotConfigStore;
  commands: Pick<BotCommands, 'engine' | 'sender' | 'presence'>;
  /**
   * Whether facts come from a language model, and whether the personality can
   * answer (with the sentence saying what is used or what to set).
   */
  ai: { configured: boolean; personality?: { available: boolean; hint: string } };
  logger: Logger;
}

const anyObject = z.record(z.string(), z.unknown(), { error: 'expected a JSON object' });

const runBody = z.strictObject({
  channel: z.string({ error: 'channel is a channel name' }).optional(),
  text: z
    .string({ error: 'text is the chat line to run, e.g. "!fact"' })
    .trim()
    .min(1, { error: 'text must not be empty' })
    .max(500, { error: 'text is longer than 500 characters' }),
  as: z
    .strictObject({
      login: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z0-9_]{1,25}$/, { error: 'as.login is a Twitch login (a-z, 0-9, _)' }),
      role: roleSchema.default('everyone'),
    })
    .optional(),
});

function settingsJson(s: BotSettings) {
  return {
    enabled: s.enabled,
    channels: s.channels,
    prefix: s.prefix,
    builtinCommands: s.builtinCommands,
    factSettings: s.factSettings,
    personality: s.personality,
    updatedAt: s.updatedAt.toISOString(),
  };
}

function commandJson(c: CustomCommand) {
  return { ...c, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString() };
}

function timerJson(t: BotTimer) {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

export function botConfigRoutes(deps: BotConfigRouteDeps) {
  const { configs, commands } = deps;
  const configAnswer = (s: BotSettings) => ({
    config: settingsJson(s),
    ai: deps.ai,
  });

  return new Hono()
    .get('/config', async (c) => c.json(configAnswer(await configs.get(currentUser(c).id))))
    .put('/config', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, anyObject);
      if ('enabled' in body) {
        throw new DomainError(
          'invalid_input',
          'enabled is not set here; use POST /api/bot/connect or /api/bot/disconnect',
        );
      }
      return c.json(configAnswer(await configs.update(user.id, body)));
    })

    .get('/commands', async (c) => {
      const list = await configs.listCommands(currentUser(c).id);
      return c.json({ commands: list.map(commandJson) });
    })
    .post('/commands', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, anyObject);
      const created = await configs.createCommand(user.id, body);
      return c.json({ command: commandJson(created) }, 201);
    })
    .put('/commands/:name', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, anyObject);
      const updated = await configs.updateCommand(user.id, c.req.param('name'), body);
      return c.json({ command: commandJson(updated) });
    })
    .delete('/commands/:name', async (c) => {
      await configs.deleteCommand(currentUser(c).id, c.req.param('name'));
      return c.body(null, 204);
    })

    .get('/timers', async (c) => {
      const list = await configs.listTimers(currentUser(c).id);
      return c.json({ timers: list.map(timerJson) });
    })
    .post('/timers', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, anyObject);
      const created = await configs.createTimer(user.id, body);
      return c.json({ timer: timerJson(created) }, 201);
    })
    .put('/timers/:id', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, anyObject);
      return c.json({
        timer: timerJson(await configs.updateTimer(user.id, c.req.param('id'), body)),
      });
    })
    .delete('/timers/:id', async (c) => {
      await configs.deleteTimer(currentUser(c).id, c.req.param('id'));
      return c.body(null, 204);
    })

    .post('/command', async (c) => {
      const user = currentUser(c);
      const body = await readJson(c, runBody);
      const settings = await configs.get(user.id);
      // A bot with no channels yet (the local account) runs commands in the user's own name.
      const channels = settings.channels.length > 0 ? settings.channels : [user.login];
      const channel = body.channel === undefined ? channels[0]! : normalizeChannel(body.channel);
      if (!channels.includes(channel)) {
        throw new DomainError(
          'invalid_input',
          `"${channel}" is not one of the bot's channels (${channels.join(', ')})`,
        );
      }
      // Without a prefix the line is read as a command name ("fact" runs !fact).
      const text = body.text.startsWith(settings.prefix) ? body.text : settings.prefix + body.text;
      const chatter = body.as
        ? { login: body.as.login, displayName: body.as.login, role: body.as.role }
        : { login: user.login, displayName: user.displayName, role: 'broadcaster' as const };
      const result = await commands.engine.run(user.id, { channel, text, chatter, via: 'api' });
      const posted = result.reply !== null && commands.presence.isJoined(user.id, channel);
      // The answer does not wait for chat's rate limit; a failed post is logged.
      if (posted && result.reply) {
        commands.sender.say('twitch', user.id, channel, result.reply).catch((err: unknown) => {
          deps.logger.warn({ err, channel }, 'could not post a command answer in chat');
        });
      }
      return c.json({
        command: result.command,
        reply: result.reply,
        ...(result.refused ? { refused: result.refused } : {}),
        channel,
        posted,
      });
    });
}
