// The bot's Discord connection: one discord.js Client (REST at DISCORD_API_URL, the gateway URL
// Discord's REST gives), its status for /api/bot/status, slash-command registration per guild,
// guild sync (guild-sync.ts) and the hand-over of interactions and events to the router.
// Reconnecting and resuming is discord.js's job; this file only follows it in the status.
import {
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  Partials,
  type Guild,
} from 'discord.js';
import type { Logger } from '@homelab/nats/runtime';
import type { GuildSync } from './guild-sync.ts';
import type { InteractionRouter } from './interactions.ts';

export const BOT_STATES = [
  'not_configured',
  'connecting',
  'ready',
  'reconnecting',
  'error',
] as const;
export type BotState = (typeof BOT_STATES)[number];

export interface BotStatus {
  state: BotState;
  /** The bot's Discord account once logged in. */
  user: { id: string; username: string } | null;
  /** Guilds the bot is in (as the gateway last said). */
  guildCount: number;
  /** ISO time the current state began. */
  since: string;
  lastError: string | null;
  /** Times the gateway connection dropped since start. */
  reconnects: number;
  /** What to set or do, for not_configured and error. */
  hint: string | null;
}

export const NOT_CONFIGURED_HINT =
  'Set DISCORD_TOKEN to the bot token (Discord developer portal → your application → Bot → ' +
  'Reset Token) and restart discord-bot; the README section "discord-bot: connecting the bot" ' +
  'lists the intents to enable and the invite link.';
const INVALID_TOKEN_HINT =
  'Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal (Bot → Reset ' +
  'Token), set it and restart discord-bot.';
const INTENTS_HINT =
  'Discord refused the intents: enable "Server Members Intent" and "Message Content Intent" ' +
  'under Bot → Privileged Gateway Intents in the developer portal, then restart discord-bot.';

/** What the bot asks the gateway for: guilds, members (join/leave), messages and their text. */
export const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildModeration,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
];

export interface BotOptions {
  /** undefined: the bot stays not_configured. */
  token: string | undefined;
  /** DISCORD_API_URL, e.g. https://discord.com/api. */
  apiUrl: string;
  router: InteractionRouter;
  guildSync: GuildSync;
  logger: Logger;
  /** Called with every status change. */
  onStatus?: (status: BotStatus) => void;
  /** First login retry after a failure that may pass (network); doubles up to 60 s. */
  retryMs?: number;
}

export interface DiscordBot {
  status(): BotStatus;
  /** The logged-in client while the bot is ready (or resuming); null otherwise. */
  client(): Client<true> | null;
  /** Starts logging in (does not wait for Discord); a no-op without a token. */
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the bot is ready (for tests and benchmarks). */
  ready(timeoutMs?: number): Promise<void>;
}

export function createDiscordBot(options: BotOptions): DiscordBot {
  const log = options.logger.child({ component: 'discord' });
  const { router, guildSync } = options;
  let status: BotStatus = {
    state: options.token ? 'connecting' : 'not_configured',
    user: null,
    guildCount: 0,
    since: new Date().toISOString(),
    lastError: null,
    reconnects: 0,
    hint: options.token ? null : NOT_CONFIGURED_HINT,
  };
  const waiters = new Set<() => void>();
  let client: Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = options.retryMs ?? 2_000;
  /** Work in flight (sync, registration), awaited by stop(). */
  const pending = new Set<Promise<unknown>>();

  function set(patch: Partial<BotStatus>) {
    const changed = patch.state !== undefined && patch.state !== status.state;
    status = { ...status, ...patch, ...(changed ? { since: new Date().toISOString() } : {}) };
    if (changed) log.info({ state: status.state, lastError: status.lastError }, 'bot status');
    options.onStatus?.(status);
    if (status.state === 'ready') for (const w of waiters) w();
  }

  function track(what: string, work: Promise<unknown>) {
    const p = work.catch((err: unknown) => log.error({ err }, `${what} failed`));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  }

  async function registerCommands(guild: Guild) {
    try {
      await guild.commands.set(router.commands());
    } catch (err) {
      log.warn(
        { err, guildId: guild.id },
        'could not register the slash commands in this guild (was the bot invited with the ' +
          'applications.commands scope?)',
      );
    }
  }

  const facts = (g: Guild) => ({
    id: g.id,
    name: g.name,
    icon: g.icon,
    memberCount: g.memberCount,
  });

  async function onReady(c: Client<true>) {
    set({
      state: 'ready',
      user: { id: c.user.id, username: c.user.username },
      guildCount: c.guilds.cache.size,
      lastError: null,
      hint: null,
    });
    retryMs = options.retryMs ?? 2_000;
    const available = [...c.guilds.cache.values()].filter((g) => g.available);
    for (const g of available) await guildSync.present(facts(g));
    await guildSync.reconcile(new Set(c.guilds.cache.keys()));
    await Promise.all(available.map(registerCommands));
  }

  function attach(c: Client) {
    c.once(Events.ClientReady, (ready) => track('ready', onReady(ready)));
    c.on(Events.ShardReconnecting, () => {
      if (status.state === 'ready')
        set({ state: 'reconnecting', reconnects: status.reconnects + 1 });
    });
    c.on(Events.ShardResume, () => set({ state: 'ready', guildCount: c.guilds.cache.size }));
    // The guilds of the last READY: after a fresh IDENTIFY (a session Discord would not resume)
    // they are the truth; guilds the bot was removed from meanwhile got no GUILD_DELETE.
    let readyGuilds = new Set<string>();
    c.on(Events.Raw, (packet: { t?: string; d?: { guilds?: { id: string }[] } }) => {
      if (packet.t === 'READY') readyGuilds = new Set((packet.d?.guilds ?? []).map((g) => g.id));
    });
    c.on(Events.ShardReady, () => {
      if (!status.user) return; // the first READY: onReady syncs
      for (const id of c.guilds.cache.keys()) if (!readyGuilds.has(id)) c.guilds.cache.delete(id);
      set({ state: 'ready', guildCount: c.guilds.cache.size });
      track('guild resync', guildSync.reconcile(readyGuilds));
    });
    c.on(Events.ShardDisconnect, (event) => {
      const intents = event.code === 4013 || event.code === 4014;
      set({
        state: 'error',
        lastError: `the gateway closed the connection for good (code ${event.code})`,
        hint: intents ? INTENTS_HINT : event.code === 4004 ? INVALID_TOKEN_HINT : null,
      });
    });
    c.on(Events.ShardError, (err) => log.warn({ err }, 'gateway connection error'));
    c.on(Events.Error, (err) => log.error({ err }, 'discord.js error'));
    c.on(Events.GuildCreate, (g) => {
      set({ guildCount: c.guilds.cache.size });
      track(
        'guild join',
        guildSync.present(facts(g)).then(async (joined) => {
          if (joined) log.info({ guildId: g.id, name: g.name }, 'joined a guild');
          await registerCommands(g);
        }),
      );
    });
    c.on(Events.GuildUpdate, (_old, g) => track('guild update', guildSync.present(facts(g))));
    c.on(Events.GuildDelete, (g) => {
      set({ guildCount: c.guilds.cache.size });
      if (g.available === false) return; // an outage, not a removal
      track('guild leave', guildSync.left(g.id, g.name));
    });
    c.on(Events.InteractionCreate, (i) => track('interaction', router.handleInteraction(i)));
    c.on(Events.MessageCreate, (m) => {
      if (m.inGuild()) track('message', router.handleMessage(m));
    });
    c.on(Events.MessageUpdate, (before, after) => {
      if (after.inGuild() && !after.partial) {
        track('message update', router.handleMessageUpdate(before, after));
      }
    });
    c.on(Events.ChannelDelete, (ch) => {
      if (!ch.isDMBased()) {
        track(
          'channel delete',
          router.handleChannelDelete({ guildId: ch.guildId, channelId: ch.id }),
        );
      }
    });
    c.on(Events.MessageDelete, (m) => {
      if (m.guildId) track('message delete', router.handleMessageDelete(m));
    });
    c.on(Events.GuildMemberAdd, (m) => {
      track('member join', guildSync.memberCount(m.guild.id, m.guild.memberCount));
      track('member join', router.handleMemberJoin(m));
    });
    c.on(Events.GuildMemberRemove, (m) => {
      track('member leave', guildSync.memberCount(m.guild.id, m.guild.memberCount));
      track('member leave', router.handleMemberLeave(m));
    });
  }

  function login() {
    if (stopped || !options.token) return;
    const c = new Client({
      intents: INTENTS,
      partials: [Partials.Message, Partials.GuildMember, Partials.User],
      rest: { api: options.apiUrl },
    });
    client = c;
    attach(c);
    set({ state: 'connecting' });
    c.login(options.token).catch((err: unknown) => {
      const code = (err as { code?: unknown }).code;
      const message = err instanceof Error ? err.message : String(err);
      void c.destroy().catch(() => undefined);
      if (client === c) client = null;
      if (stopped) return;
      if (code === DiscordjsErrorCodes.TokenInvalid) {
        set({ state: 'error', lastError: message, hint: INVALID_TOKEN_HINT });
        return;
      }
      if (code === DiscordjsErrorCodes.DisallowedIntents) {
        set({ state: 'error', lastError: message, hint: INTENTS_HINT });
        return;
      }
      // The gateway refused for good (disallowed intents …): shardDisconnect set the error and hint.
      if (status.state === 'error') return;
      log.warn({ err, retryInMs: retryMs }, 'could not log in to Discord; retrying');
      set({ state: 'connecting', lastError: message });
      retryTimer = setTimeout(login, retryMs);
      retryMs = Math.min(retryMs * 2, 60_000);
    });
  }

  return {
    status: () => status,
    client: () => (client?.isReady() && status.state !== 'error' ? client : null),
    start: login,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      for (const w of waiters) w();
      await Promise.allSettled([...pending]);
      await client?.destroy();
      client = null;
    },
    ready(timeoutMs = 10_000) {
      if (status.state === 'ready') return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          reject(new Error(`the bot is not ready after ${timeoutMs} ms (${status.state})`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        waiters.add(done);
      });
    },
  };
}
