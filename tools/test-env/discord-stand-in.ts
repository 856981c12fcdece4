// A local stand-in for Discord: the gateway (JSON over WebSocket) and the REST API that discord.js
// speaks, on one HTTP server with one in-memory model of guilds, channels, roles, members and
// messages. REST calls change the model, are logged, and are followed by the gateway dispatches
// Discord would send (POST /guilds/{id}/channels → CHANNEL_CREATE, …), so tests drive the real
// discord.js Client.
//
// Pointing discord.js at it:
//   new Client({ intents, rest: { api: standIn.apiUrl } }) — apiUrl is `http://127.0.0.1:<port>/api`
//   (the service's DISCORD_API_URL); client.login(standIn.token). The gateway URL is what
//   GET /api/v10/gateway/bot answers (`ws://127.0.0.1:<port>/gateway`). Wait for `clientReady`.
//   Keep zlib-sync out: the stand-in does not compress.
//
// Model set-up (see the DiscordStandIn interface):
//   addGuild({ name, … }) → a guild with @everyone, a text channel `general`, the owner and the bot
//     as members (botIn: false keeps the bot out); addChannel, addRole, addMember (no dispatch)
//   botJoins(guildId) / botRemoved(guildId) / updateGuild(guildId, {name}) → GUILD_CREATE / DELETE /
//     UPDATE to connected clients
// Test controls:
//   memberPressesButton / memberSelects / memberRunsCommand / memberSubmitsModal → INTERACTION_CREATE
//     (types 3, 3, 2, 5) with the fields discord.js 14.28 needs; each returns the interaction
//     ({ id, token, sentAt }); responses(id) / waitForResponse(id, predicate?) → what the client
//     answered: POST /interactions/{id}/{token}/callback and the webhook calls on its token
//   memberSays({ channelId, userId, content }) → MESSAGE_CREATE; memberEdits → MESSAGE_UPDATE;
//     messageDeleted(channelId, messageId) → MESSAGE_DELETE
//   channelDeletedByHand(channelId) → CHANNEL_DELETE (someone deleted it in Discord's own client)
//   memberJoins(guildId, user) / memberLeaves(guildId, userId) → GUILD_MEMBER_ADD / REMOVE
//   dropGateway(code = 4000) → the server closes every gateway socket; discord.js resumes (RESUME,
//     replayed dispatches, RESUMED); identifies / resumes count them
//   invalidateSessions() → a RESUME after the next drop is refused (op 9), so the client identifies
//   allowPrivilegedIntents(mask) → IDENTIFY with a privileged intent outside mask is closed 4014
//   requests (every REST call: method, path, query, body, at = performance.now()) /
//     waitForRequest(method, pathPattern, timeoutMs) / onRequest(fn)
//   route(method, '/api/…/:param', handler) → adds or replaces an HTTP route
//
// Realism where it matters: REST needs `Authorization: Bot <token>` (interaction callbacks and
// webhooks do not); the bot cannot give a role at or above its own highest role (403, code 50013);
// dispatches are filtered by the identified intents and MESSAGE_CREATE content is empty without
// MessageContent; interaction member permissions come from the member's roles (owner and
// Administrator: all).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type WebSocket } from 'ws';

export interface StandInUser {
  id: string;
  username: string;
  global_name: string | null;
  discriminator: string;
  avatar: string | null;
  bot?: boolean;
}

export interface StandInRole {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  position: number;
  /** Decimal bit set, as Discord sends it. */
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
  icon: null;
  unicode_emoji: null;
}

export interface Overwrite {
  id: string;
  /** 0 role, 1 member */
  type: number;
  allow: string;
  deny: string;
}

export interface StandInChannel {
  id: string;
  /** 0 text, 1 DM, 2 voice, 4 category */
  type: number;
  guild_id?: string;
  name: string;
  position: number;
  parent_id: string | null;
  topic: string | null;
  permission_overwrites: Overwrite[];
  nsfw: boolean;
  recipients?: StandInUser[];
  deleted?: boolean;
}

export interface StandInMember {
  user: StandInUser;
  roles: string[];
  nick: string | null;
  joined_at: string;
  communication_disabled_until: string | null;
}

export interface StandInMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: StandInUser;
  content: string;
  embeds: unknown[];
  components: unknown[];
  timestamp: string;
  edited_timestamp: string | null;
  deleted?: boolean;
  /** Set for messages the bot made through an interaction response. */
  interaction_id?: string;
}

export interface StandInGuild {
  id: string;
  name: string;
  owner_id: string;
  roles: Map<string, StandInRole>;
  members: Map<string, StandInMember>;
  bans: Map<string, { reason: string | null }>;
  /** Slash commands the application registered here (PUT …/guilds/{id}/commands). */
  commands: AppCommand[];
  botIn: boolean;
}

export interface AppCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: CommandOption[];
  default_member_permissions: string | null;
  version: string;
}

interface CommandOption {
  type: number;
  name: string;
  options?: CommandOption[];
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/api/v10/guilds/1/channels`. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (or payload_json of a multipart body); undefined when empty. */
  body: unknown;
  /** The `X-Audit-Log-Reason` header, decoded. */
  reason: string | undefined;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface InteractionResponse {
  /** `callback` (POST …/callback), or the webhook call on the interaction's token. */
  kind: 'callback' | 'edit' | 'followup' | 'delete';
  /** Callback type (4 message, 5 deferred, 6 deferred update, 7 update, 9 modal); 0 for webhooks. */
  type: number;
  data: Record<string, unknown> | undefined;
  /** data.flags has EPHEMERAL (64). */
  ephemeral: boolean;
  content: string | undefined;
  at: number;
}

export interface SentInteraction {
  id: string;
  token: string;
  /** performance.now() when INTERACTION_CREATE was sent. */
  sentAt: number;
}

interface InteractionBase {
  guildId: string;
  channelId: string;
  userId: string;
  /** Overrides the permissions computed from the member's roles (decimal string). */
  permissions?: string;
}

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { url: URL; body: unknown; params: Record<string, string> },
) => void | Promise<void>;

export interface DiscordStandIn {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** http://127.0.0.1:<port>/api — discord.js `rest.api`, the service's DISCORD_API_URL. */
  apiUrl: string;
  /** ws://127.0.0.1:<port>/gateway */
  gatewayUrl: string;
  /** The bot token REST and IDENTIFY accept. */
  token: string;
  applicationId: string;
  botUser: StandInUser;
  guilds: Map<string, StandInGuild>;
  channels: Map<string, StandInChannel>;
  messages: Map<string, StandInMessage>;
  users: Map<string, StandInUser>;
  requests: RecordedRequest[];

  user(init: { id?: string; username: string; bot?: boolean }): StandInUser;
  addGuild(init: {
    id?: string;
    name: string;
    ownerId?: string;
    botIn?: boolean;
    /** Permissions of the bot's own (managed) role; default Administrator. */
    botPermissions?: bigint;
    /** Position of the bot's role; default 10. */
    botRolePosition?: number;
  }): StandInGuild;
  addChannel(
    guildId: string,
    init: { id?: string; name: string; type?: number; parentId?: string | null },
  ): StandInChannel;
  addRole(
    guildId: string,
    init: { id?: string; name: string; position?: number; permissions?: bigint },
  ): StandInRole;
  /** A member without a dispatch (for set-up before the bot connects). */
  addMember(guildId: string, user: StandInUser, roles?: string[]): StandInMember;
  /** The guild's first text channel (`general` from addGuild). */
  generalChannel(guildId: string): StandInChannel;
  botJoins(guildId: string): void;
  botRemoved(guildId: string): void;
  updateGuild(guildId: string, patch: { name?: string }): void;

  memberJoins(guildId: string, user: StandInUser): StandInMember;
  memberLeaves(guildId: string, userId: string): void;
  memberSays(init: { channelId: string; userId: string; content: string }): StandInMessage;
  memberEdits(messageId: string, content: string): void;
  messageDeleted(channelId: string, messageId: string): void;
  channelDeletedByHand(channelId: string): void;
  memberPressesButton(
    init: InteractionBase & { customId: string; messageId?: string },
  ): SentInteraction;
  memberSelects(
    init: InteractionBase & { customId: string; values: string[]; messageId?: string },
  ): SentInteraction;
  /** Option types come from the command registered in the guild (string when unknown). */
  memberRunsCommand(
    init: InteractionBase & {
      name: string;
      subcommand?: string;
      options?: Record<string, string | number | boolean>;
    },
  ): SentInteraction;
  memberSubmitsModal(
    init: InteractionBase & { customId: string; fields: Record<string, string> },
  ): SentInteraction;
  responses(interactionId: string): InteractionResponse[];
  waitForResponse(
    interactionId: string,
    predicate?: (r: InteractionResponse) => boolean,
    timeoutMs?: number,
  ): Promise<InteractionResponse>;

  waitForRequest(
    method: string,
    pathPattern: string | RegExp,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  onRequest(fn: (r: RecordedRequest) => void): () => void;
  /** Messages in a channel, oldest first (deleted ones included, marked). */
  channelMessages(channelId: string): StandInMessage[];

  dropGateway(code?: number): void;
  /**
   * Which privileged intents the application has enabled in the portal (GatewayIntentBits:
   * GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15); default all. IDENTIFY asking
   * for another one is closed with 4014 (Disallowed intent(s)), as Discord does.
   */
  allowPrivilegedIntents(mask: number): void;
  /** Forgets every gateway session: a later RESUME gets op 9 (not resumable) → IDENTIFY. */
  invalidateSessions(): void;
  connectionCount(): number;
  identifies: number;
  resumes: number;
  route(method: string, path: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;
/** A real-looking snowflake (timestamp in the top bits). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment);
}

const ALL_PERMISSIONS = (1n << 51n) - 1n;
const ADMINISTRATOR = 8n;
const EPHEMERAL = 64;
/** Intents (GatewayIntentBits) needed per dispatch; unlisted events always go out. */
const INTENT_OF: Record<string, number> = {
  GUILD_CREATE: 1 << 0,
  GUILD_UPDATE: 1 << 0,
  GUILD_DELETE: 1 << 0,
  CHANNEL_CREATE: 1 << 0,
  CHANNEL_UPDATE: 1 << 0,
  CHANNEL_DELETE: 1 << 0,
  GUILD_ROLE_CREATE: 1 << 0,
  GUILD_MEMBER_ADD: 1 << 1,
  GUILD_MEMBER_UPDATE: 1 << 1,
  GUILD_MEMBER_REMOVE: 1 << 1,
  GUILD_BAN_ADD: 1 << 2,
  MESSAGE_CREATE: 1 << 9,
  MESSAGE_UPDATE: 1 << 9,
  MESSAGE_DELETE: 1 << 9,
};
const MESSAGE_CONTENT = 1 << 15;
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | MESSAGE_CONTENT;

function json(res: ServerResponse, status: number, body: unknown): void {
  if (status === 204) {
    res.writeHead(204);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function discordError(res: ServerResponse, status: number, code: number, message: string) {
  json(res, status, { message, code });
}

async function readBody(req: IncomingMessage, url: URL): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await new Request(url, {
      method: 'POST',
      headers: { 'content-type': type },
      body: raw,
    }).formData();
    const payload = form.get('payload_json');
    const files = [...form.entries()]
      .filter(([k]) => k.startsWith('files['))
      .map(([k, v]) => ({ field: k, name: typeof v === 'string' ? k : v.name }));
    return { ...(typeof payload === 'string' ? (JSON.parse(payload) as object) : {}), files };
  }
  const text = raw.toString('utf8');
  if (type.includes('json')) return JSON.parse(text) as unknown;
  if (type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return text;
}

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
const randomToken = () => randomBytes(24).toString('base64url');

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Dispatches sent, for RESUME replay (the last 1,000). */
  sent: { s: number; payload: string }[];
  ws: WebSocket | undefined;
  ended: boolean;
}

/** Starts on a free port (dual-stack). */
export async function startDiscordStandIn(
  options: { heartbeatIntervalMs?: number; token?: string } = {},
): Promise<DiscordStandIn> {
  const token = options.token ?? `standin.${randomToken()}`;
  const applicationId = snowflake();
  const guilds = new Map<string, StandInGuild>();
  const channels = new Map<string, StandInChannel>();
  const messages = new Map<string, StandInMessage>();
  const users = new Map<string, StandInUser>();
  const requests: RecordedRequest[] = [];
  const requestListeners = new Set<(r: RecordedRequest) => void>();
  const interactionResponses = new Map<string, InteractionResponse[]>();
  const responseListeners = new Set<(id: string, r: InteractionResponse) => void>();
  /** Interaction token → interaction id and where it happened. */
  const interactionTokens = new Map<string, { id: string; channelId: string; guildId: string }>();
  const sessions = new Map<string, Session>();
  const sockets = new Set<WebSocket>();
  const counters = { identifies: 0, resumes: 0 };
  let allowedPrivileged = PRIVILEGED_INTENTS;

  function user(init: { id?: string; username: string; bot?: boolean }): StandInUser {
    const existing = init.id ? users.get(init.id) : undefined;
    if (existing) return existing;
    const u: StandInUser = {
      id: init.id ?? snowflake(),
      username: init.username,
      global_name: init.bot ? null : init.username,
      discriminator: init.bot ? '0001' : '0',
      avatar: null,
      ...(init.bot ? { bot: true } : {}),
    };
    users.set(u.id, u);
    return u;
  }
  const botUser = user({ id: applicationId, username: 'homelab-bot', bot: true });

  function guildOf(id: string | undefined): StandInGuild | undefined {
    return id ? guilds.get(id) : undefined;
  }
  function role(init: {
    id?: string;
    name: string;
    position?: number;
    permissions?: bigint;
    managed?: boolean;
  }): StandInRole {
    return {
      id: init.id ?? snowflake(),
      name: init.name,
      color: 0,
      hoist: false,
      position: init.position ?? 1,
      permissions: String(init.permissions ?? 0n),
      managed: init.managed ?? false,
      mentionable: false,
      flags: 0,
      icon: null,
      unicode_emoji: null,
    };
  }
  function member(u: StandInUser, roles: string[] = []): StandInMember {
    return {
      user: u,
      roles,
      nick: null,
      joined_at: new Date().toISOString(),
      communication_disabled_until: null,
    };
  }
  function memberJson(m: StandInMember, withUser = true) {
    return {
      ...(withUser ? { user: m.user } : {}),
      roles: m.roles,
      nick: m.nick,
      avatar: null,
      banner: null,
      joined_at: m.joined_at,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: m.communication_disabled_until,
    };
  }
  function permissionsOf(g: StandInGuild, userId: string): bigint {
    if (g.owner_id === userId) return ALL_PERMISSIONS;
    const m = g.members.get(userId);
    let bits = BigInt(g.roles.get(g.id)?.permissions ?? '0');
    for (const r of m?.roles ?? []) bits |= BigInt(g.roles.get(r)?.permissions ?? '0');
    return bits & ADMINISTRATOR ? ALL_PERMISSIONS : bits;
  }
  function highestPosition(g: StandInGuild, userId: string): number {
    const m = g.members.get(userId);
    return Math.max(0, ...(m?.roles ?? []).map((r) => g.roles.get(r)?.position ?? 0));
  }
  function channelJson(c: StandInChannel) {
    const { deleted: _deleted, ...rest } = c;
    return {
      ...rest,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      ...(c.type === 2 ? { bitrate: 64_000, user_limit: 0, rtc_region: null } : {}),
    };
  }
  function guildChannels(g: StandInGuild): StandInChannel[] {
    return [...channels.values()].filter((c) => c.guild_id === g.id && !c.deleted);
  }
  function guildJson(g: StandInGuild) {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: g.owner_id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      features: [],
      emojis: [],
      stickers: [],
      roles: [...g.roles.values()],
      max_members: 500_000,
      max_video_channel_users: 25,
    };
  }
  function guildCreateJson(g: StandInGuild) {
    return {
      ...guildJson(g),
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: g.members.size,
      members: [...g.members.values()].map((m) => memberJson(m)),
      channels: guildChannels(g).map(channelJson),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
  function messageJson(m: StandInMessage) {
    const g = guildOf(m.guild_id);
    const author = g?.members.get(m.author.id);
    const { deleted: _d, interaction_id: _i, ...rest } = m;
    return {
      ...rest,
      ...(author ? { member: memberJson(author, false) } : {}),
      type: 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      pinned: false,
      flags: 0,
    };
  }

  // ---- Gateway ----
  function dispatch(t: string, d: unknown, guildId?: string) {
    const g = guildOf(guildId);
    if (guildId && g && !g.botIn && t !== 'GUILD_DELETE') return;
    for (const session of sessions.values()) {
      if (session.ended) continue;
      const need = INTENT_OF[t];
      if (need !== undefined && (session.intents & need) === 0) continue;
      let data = d;
      if (t.startsWith('MESSAGE_') && (session.intents & MESSAGE_CONTENT) === 0) {
        const m = obj(d);
        if (m.author && obj(m.author).id !== botUser.id) data = { ...m, content: '' };
      }
      send(session, t, data);
    }
  }
  function send(session: Session, t: string, d: unknown) {
    session.seq += 1;
    const payload = JSON.stringify({ op: 0, t, s: session.seq, d });
    session.sent.push({ s: session.seq, payload });
    if (session.sent.length > 1_000) session.sent.shift();
    if (session.ws?.readyState === 1) session.ws.send(payload);
  }

  const wss = new WebSocketServer({ noServer: true });
  function accept(ws: WebSocket) {
    sockets.add(ws);
    let session: Session | undefined;
    ws.send(
      JSON.stringify({
        op: 10,
        d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 },
        s: null,
        t: null,
      }),
    );
    ws.on('message', (raw) => {
      let msg: { op: number; d: unknown };
      try {
        msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      } catch {
        ws.close(4002, 'Error while decoding payload.');
        return;
      }
      const d = obj(msg.d);
      switch (msg.op) {
        case 1: // heartbeat
          ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
          return;
        case 2: {
          // IDENTIFY
          if (session) return ws.close(4005, 'Already authenticated.');
          if (d.token !== token) return ws.close(4004, 'Authentication failed.');
          if (Number(d.intents ?? 0) & PRIVILEGED_INTENTS & ~allowedPrivileged) {
            return ws.close(4014, 'Disallowed intent(s).');
          }
          counters.identifies += 1;
          session = {
            id: randomBytes(16).toString('hex'),
            intents: Number(d.intents ?? 0),
            seq: 0,
            sent: [],
            ws,
            ended: false,
          };
          sessions.set(session.id, session);
          const joined = [...guilds.values()].filter((g) => g.botIn);
          send(session, 'READY', {
            v: 10,
            user: { ...botUser, verified: true, mfa_enabled: false, flags: 0 },
            guilds: joined.map((g) => ({ id: g.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: gatewayUrl,
            shard: [0, 1],
            application: { id: applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          });
          if (session.intents & 1) {
            for (const g of joined) send(session, 'GUILD_CREATE', guildCreateJson(g));
          }
          return;
        }
        case 6: {
          // RESUME
          const old = sessions.get(String(d.session_id));
          if (!old || old.ended || d.token !== token) {
            ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
            return;
          }
          counters.resumes += 1;
          if (old.ws && old.ws !== ws) old.ws.terminate();
          session = old;
          session.ws = ws;
          const after = Number(d.seq ?? 0);
          for (const e of session.sent) if (e.s > after) ws.send(e.payload);
          send(session, 'RESUMED', {});
          return;
        }
        default:
          return; // presence updates, request guild members …: nothing to answer
      }
    });
    ws.on('close', (code) => {
      sockets.delete(ws);
      if (session && session.ws === ws) {
        session.ws = undefined;
        // A client that closes normally gives up its session; 4200 means it will resume.
        if (code === 1000 || code === 1001) session.ended = true;
      }
    });
    ws.on('error', () => sockets.delete(ws));
  }

  // ---- REST ----
  interface Route {
    method: string;
    parts: string[];
    handler: RouteHandler;
  }
  const routes: Route[] = [];
  function route(method: string, path: string, handler: RouteHandler) {
    const parts = path.split('/').filter(Boolean);
    const existing = routes.findIndex(
      (r) => r.method === method.toUpperCase() && r.parts.join('/') === parts.join('/'),
    );
    const entry = { method: method.toUpperCase(), parts, handler };
    if (existing >= 0) routes[existing] = entry;
    else routes.push(entry);
  }
  function match(method: string, pathname: string) {
    const segs = pathname.split('/').filter(Boolean);
    for (const r of routes) {
      if (r.method !== method || r.parts.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const p = r.parts[i] as string;
        const s = decodeURIComponent(segs[i] as string);
        if (p.startsWith(':')) params[p.slice(1)] = s;
        else if (p !== s) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: r, params };
    }
    return undefined;
  }
  const V = '/api/v10';
  /** Bot-authenticated route; answers 401 without the token. */
  function api(method: string, path: string, handler: RouteHandler) {
    route(method, V + path, (req, res, ctx) => {
      if (req.headers.authorization !== `Bot ${token}`) {
        return discordError(res, 401, 0, '401: Unauthorized');
      }
      return handler(req, res, ctx);
    });
  }
  function need<T>(
    res: ServerResponse,
    value: T | undefined,
    code: number,
    what: string,
  ): value is T {
    if (value === undefined) discordError(res, 404, code, `Unknown ${what}`);
    return value !== undefined;
  }

  function liveChannel(id: string | undefined): StandInChannel | undefined {
    const c = channels.get(id ?? '');
    return c && !c.deleted ? c : undefined;
  }

  api('GET', '/gateway/bot', (_req, res) =>
    json(res, 200, {
      url: gatewayUrl,
      shards: 1,
      session_start_limit: {
        total: 1000,
        remaining: 999,
        reset_after: 86_400_000,
        max_concurrency: 1,
      },
    }),
  );
  route('GET', V + '/gateway', (_req, res) => json(res, 200, { url: gatewayUrl }));
  api('GET', '/users/@me', (_req, res) => json(res, 200, botUser));
  api('GET', '/users/:user', (_req, res, { params }) => {
    const u = users.get(params.user ?? '');
    if (need(res, u, 10013, 'User')) json(res, 200, u);
  });
  api('GET', '/applications/@me', (_req, res) =>
    json(res, 200, { id: applicationId, name: 'homelab', flags: 0, bot: botUser }),
  );

  // Slash commands.
  function putCommands(guildId: string | undefined, body: unknown): AppCommand[] {
    return (Array.isArray(body) ? body : []).map((raw) => {
      const c = obj(raw);
      return {
        ...(c as object),
        id: snowflake(),
        application_id: applicationId,
        ...(guildId ? { guild_id: guildId } : {}),
        name: String(c.name),
        description: String(c.description ?? ''),
        type: Number(c.type ?? 1),
        options: (c.options as CommandOption[] | undefined) ?? [],
        default_member_permissions: (c.default_member_permissions as string | null) ?? null,
        version: snowflake(),
      };
    });
  }
  let globalCommands: AppCommand[] = [];
  api('PUT', '/applications/:app/guilds/:guild/commands', (_req, res, { params, body }) => {
    const g = guildOf(params.guild);
    if (params.app !== applicationId) return discordError(res, 404, 10002, 'Unknown Application');
    if (!need(res, g, 10004, 'Guild')) return;
    g.commands = putCommands(g.id, body);
    json(res, 200, g.commands);
  });
  api('GET', '/applications/:app/guilds/:guild/commands', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (need(res, g, 10004, 'Guild')) json(res, 200, g.commands);
  });
  api('PUT', '/applications/:app/commands', (_req, res, { body }) => {
    globalCommands = putCommands(undefined, body);
    json(res, 200, globalCommands);
  });
  api('GET', '/applications/:app/commands', (_req, res) => json(res, 200, globalCommands));

  // Guilds, roles, members.
  api('GET', '/guilds/:guild', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (need(res, g, 10004, 'Guild')) json(res, 200, guildJson(g));
  });
  api('GET', '/guilds/:guild/channels', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (need(res, g, 10004, 'Guild')) json(res, 200, guildChannels(g).map(channelJson));
  });
  api('GET', '/guilds/:guild/roles', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (need(res, g, 10004, 'Guild')) json(res, 200, [...g.roles.values()]);
  });
  api('POST', '/guilds/:guild/roles', (_req, res, { params, body }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    const b = obj(body);
    const r = role({
      name: String(b.name ?? 'new role'),
      permissions: BigInt(String(b.permissions ?? '0')),
    });
    g.roles.set(r.id, r);
    dispatch('GUILD_ROLE_CREATE', { guild_id: g.id, role: r }, g.id);
    json(res, 200, r);
  });
  api('GET', '/guilds/:guild/members/:user', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    const m = g.members.get(params.user ?? '');
    if (need(res, m, 10007, 'Member')) json(res, 200, memberJson(m));
  });
  api('GET', '/guilds/:guild/members', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (need(res, g, 10004, 'Guild'))
      json(
        res,
        200,
        [...g.members.values()].map((m) => memberJson(m)),
      );
  });
  function memberUpdated(g: StandInGuild, m: StandInMember) {
    dispatch('GUILD_MEMBER_UPDATE', { guild_id: g.id, ...memberJson(m) }, g.id);
  }
  function roleChange(add: boolean): RouteHandler {
    return (_req, res, { params }) => {
      const g = guildOf(params.guild);
      if (!need(res, g, 10004, 'Guild')) return;
      const m = g.members.get(params.user ?? '');
      if (!need(res, m, 10007, 'Member')) return;
      const r = g.roles.get(params.role ?? '');
      if (!need(res, r, 10011, 'Role')) return;
      if (r.position >= highestPosition(g, botUser.id) && g.owner_id !== botUser.id) {
        return discordError(res, 403, 50013, 'Missing Permissions');
      }
      const had = m.roles.includes(r.id);
      if (add && !had) m.roles.push(r.id);
      if (!add && had) m.roles = m.roles.filter((id) => id !== r.id);
      if (add !== had) memberUpdated(g, m);
      json(res, 204, undefined);
    };
  }
  api('PUT', '/guilds/:guild/members/:user/roles/:role', roleChange(true));
  api('DELETE', '/guilds/:guild/members/:user/roles/:role', roleChange(false));
  api('PATCH', '/guilds/:guild/members/:user', (_req, res, { params, body }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    const m = g.members.get(params.user ?? '');
    if (!need(res, m, 10007, 'Member')) return;
    const b = obj(body);
    if ('communication_disabled_until' in b) {
      m.communication_disabled_until = (b.communication_disabled_until as string | null) ?? null;
    }
    if ('nick' in b) m.nick = (b.nick as string | null) ?? null;
    if (Array.isArray(b.roles)) m.roles = b.roles.map(String);
    memberUpdated(g, m);
    json(res, 200, memberJson(m));
  });
  function removeMember(g: StandInGuild, userId: string) {
    const m = g.members.get(userId);
    if (!m) return;
    g.members.delete(userId);
    dispatch('GUILD_MEMBER_REMOVE', { guild_id: g.id, user: m.user }, g.id);
  }
  api('DELETE', '/guilds/:guild/members/:user', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    if (!need(res, g.members.get(params.user ?? ''), 10007, 'Member')) return;
    removeMember(g, params.user ?? '');
    json(res, 204, undefined);
  });
  api('PUT', '/guilds/:guild/bans/:user', (req, res, { params }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    const u = users.get(params.user ?? '');
    if (!need(res, u, 10013, 'User')) return;
    const reason = req.headers['x-audit-log-reason'];
    g.bans.set(u.id, { reason: typeof reason === 'string' ? decodeURIComponent(reason) : null });
    dispatch('GUILD_BAN_ADD', { guild_id: g.id, user: u }, g.id);
    removeMember(g, u.id);
    json(res, 204, undefined);
  });
  api('DELETE', '/guilds/:guild/bans/:user', (_req, res, { params }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    if (!g.bans.delete(params.user ?? '')) return discordError(res, 404, 10026, 'Unknown Ban');
    json(res, 204, undefined);
  });

  // Channels.
  function overwritesFrom(raw: unknown): Overwrite[] {
    return (Array.isArray(raw) ? raw : []).map((o) => {
      const x = obj(o);
      return {
        id: String(x.id),
        type: Number(x.type ?? 0),
        allow: String(x.allow ?? '0'),
        deny: String(x.deny ?? '0'),
      };
    });
  }
  api('POST', '/guilds/:guild/channels', (_req, res, { params, body }) => {
    const g = guildOf(params.guild);
    if (!need(res, g, 10004, 'Guild')) return;
    const b = obj(body);
    if (typeof b.name !== 'string' || b.name.length === 0 || b.name.length > 100) {
      return json(res, 400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } },
      });
    }
    const parent = b.parent_id ? channels.get(String(b.parent_id)) : undefined;
    if (b.parent_id && (!parent || parent.guild_id !== g.id || parent.type !== 4)) {
      return json(res, 400, {
        message: 'Invalid Form Body',
        code: 50035,
        errors: { parent_id: { _errors: [{ code: 'CHANNEL_PARENT_INVALID' }] } },
      });
    }
    const c: StandInChannel = {
      id: snowflake(),
      type: Number(b.type ?? 0),
      guild_id: g.id,
      name: b.name.toLowerCase().replace(/\s+/g, '-'),
      position: guildChannels(g).length,
      parent_id: parent?.id ?? null,
      topic: typeof b.topic === 'string' ? b.topic : null,
      permission_overwrites: overwritesFrom(b.permission_overwrites),
      nsfw: false,
    };
    channels.set(c.id, c);
    dispatch('CHANNEL_CREATE', channelJson(c), g.id);
    json(res, 201, channelJson(c));
  });
  api('GET', '/channels/:channel', (_req, res, { params }) => {
    const c = liveChannel(params.channel);
    if (need(res, c, 10003, 'Channel')) json(res, 200, channelJson(c));
  });
  api('PATCH', '/channels/:channel', (_req, res, { params, body }) => {
    const c = liveChannel(params.channel);
    if (!need(res, c, 10003, 'Channel')) return;
    const b = obj(body);
    if (typeof b.name === 'string') c.name = b.name;
    if ('topic' in b) c.topic = (b.topic as string | null) ?? null;
    if ('parent_id' in b) c.parent_id = (b.parent_id as string | null) ?? null;
    if ('permission_overwrites' in b)
      c.permission_overwrites = overwritesFrom(b.permission_overwrites);
    dispatch('CHANNEL_UPDATE', channelJson(c), c.guild_id);
    json(res, 200, channelJson(c));
  });
  api('DELETE', '/channels/:channel', (_req, res, { params }) => {
    const c = liveChannel(params.channel);
    if (!need(res, c, 10003, 'Channel')) return;
    c.deleted = true;
    dispatch('CHANNEL_DELETE', channelJson(c), c.guild_id);
    json(res, 200, channelJson(c));
  });
  api('PUT', '/channels/:channel/permissions/:overwrite', (_req, res, { params, body }) => {
    const c = liveChannel(params.channel);
    if (!need(res, c, 10003, 'Channel')) return;
    const b = obj(body);
    const o: Overwrite = {
      id: params.overwrite ?? '',
      type: Number(b.type ?? 0),
      allow: String(b.allow ?? '0'),
      deny: String(b.deny ?? '0'),
    };
    c.permission_overwrites = [...c.permission_overwrites.filter((x) => x.id !== o.id), o];
    dispatch('CHANNEL_UPDATE', channelJson(c), c.guild_id);
    json(res, 204, undefined);
  });
  api('DELETE', '/channels/:channel/permissions/:overwrite', (_req, res, { params }) => {
    const c = liveChannel(params.channel);
    if (!need(res, c, 10003, 'Channel')) return;
    c.permission_overwrites = c.permission_overwrites.filter((x) => x.id !== params.overwrite);
    dispatch('CHANNEL_UPDATE', channelJson(c), c.guild_id);
    json(res, 204, undefined);
  });

  // Messages.
  function createMessage(
    c: StandInChannel,
    author: StandInUser,
    b: Record<string, unknown>,
  ): StandInMessage {
    const m: StandInMessage = {
      id: snowflake(),
      channel_id: c.id,
      ...(c.guild_id ? { guild_id: c.guild_id } : {}),
      author,
      content: typeof b.content === 'string' ? b.content : '',
      embeds: Array.isArray(b.embeds) ? b.embeds : [],
      components: Array.isArray(b.components) ? b.components : [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    messages.set(m.id, m);
    dispatch('MESSAGE_CREATE', messageJson(m), c.guild_id);
    return m;
  }
  api('POST', '/channels/:channel/messages', (_req, res, { params, body }) => {
    const c = liveChannel(params.channel);
    if (!need(res, c, 10003, 'Channel')) return;
    json(res, 200, messageJson(createMessage(c, botUser, obj(body))));
  });
  api('GET', '/channels/:channel/messages', (_req, res, { params, url }) => {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const list = [...messages.values()]
      .filter((m) => m.channel_id === params.channel && !m.deleted)
      .reverse()
      .slice(0, limit);
    json(res, 200, list.map(messageJson));
  });
  api('GET', '/channels/:channel/messages/:message', (_req, res, { params }) => {
    const m = messages.get(params.message ?? '');
    const found = m && m.channel_id === params.channel && !m.deleted ? m : undefined;
    if (need(res, found, 10008, 'Message')) json(res, 200, messageJson(found));
  });
  function editMessage(m: StandInMessage, b: Record<string, unknown>) {
    if (typeof b.content === 'string') m.content = b.content;
    if (Array.isArray(b.embeds)) m.embeds = b.embeds;
    if (Array.isArray(b.components)) m.components = b.components;
    m.edited_timestamp = new Date().toISOString();
    dispatch('MESSAGE_UPDATE', messageJson(m), m.guild_id);
  }
  api('PATCH', '/channels/:channel/messages/:message', (_req, res, { params, body }) => {
    const m = messages.get(params.message ?? '');
    const found = m && m.channel_id === params.channel && !m.deleted ? m : undefined;
    if (!need(res, found, 10008, 'Message')) return;
    editMessage(found, obj(body));
    json(res, 200, messageJson(found));
  });
  function deleteMessage(m: StandInMessage) {
    m.deleted = true;
    dispatch(
      'MESSAGE_DELETE',
      { id: m.id, channel_id: m.channel_id, ...(m.guild_id ? { guild_id: m.guild_id } : {}) },
      m.guild_id,
    );
  }
  api('DELETE', '/channels/:channel/messages/:message', (_req, res, { params }) => {
    const m = messages.get(params.message ?? '');
    const found = m && m.channel_id === params.channel && !m.deleted ? m : undefined;
    if (!need(res, found, 10008, 'Message')) return;
    deleteMessage(found);
    json(res, 204, undefined);
  });
  api('POST', '/users/@me/channels', (_req, res, { body }) => {
    const recipient = users.get(String(obj(body).recipient_id));
    if (!need(res, recipient, 10013, 'User')) return;
    let dm = [...channels.values()].find(
      (c) => c.type === 1 && c.recipients?.[0]?.id === recipient.id,
    );
    if (!dm) {
      dm = {
        id: snowflake(),
        type: 1,
        name: '',
        position: 0,
        parent_id: null,
        topic: null,
        permission_overwrites: [],
        nsfw: false,
        recipients: [recipient],
      };
      channels.set(dm.id, dm);
    }
    json(res, 200, channelJson(dm));
  });

  // Interaction responses (no bot token: the interaction token authorises them).
  function respond(interactionId: string, r: Omit<InteractionResponse, 'ephemeral' | 'content'>) {
    const data = r.data;
    const full: InteractionResponse = {
      ...r,
      ephemeral: (Number(data?.flags ?? 0) & EPHEMERAL) !== 0,
      content: typeof data?.content === 'string' ? data.content : undefined,
    };
    const list = interactionResponses.get(interactionId) ?? [];
    list.push(full);
    interactionResponses.set(interactionId, list);
    for (const fn of responseListeners) fn(interactionId, full);
    return full;
  }
  const originals = new Map<string, StandInMessage>();
  function responseMessage(tokenValue: string, data: Record<string, unknown>): StandInMessage {
    const info = interactionTokens.get(tokenValue);
    const c = channels.get(info?.channelId ?? '');
    const ephemeral = (Number(data.flags ?? 0) & EPHEMERAL) !== 0;
    if (c && !ephemeral) return createMessage(c, botUser, data);
    const m: StandInMessage = {
      id: snowflake(),
      channel_id: info?.channelId ?? '',
      ...(info?.guildId ? { guild_id: info.guildId } : {}),
      author: botUser,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: [],
      components: [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    return m;
  }
  route('POST', '/api/v10/interactions/:id/:token/callback', (_req, res, { params, body, url }) => {
    const info = interactionTokens.get(params.token ?? '');
    if (!info || info.id !== params.id) return discordError(res, 404, 10062, 'Unknown interaction');
    if ((interactionResponses.get(info.id) ?? []).some((r) => r.kind === 'callback')) {
      return discordError(res, 400, 40060, 'Interaction has already been acknowledged.');
    }
    const b = obj(body);
    const type = Number(b.type);
    const data = b.data ? obj(b.data) : undefined;
    respond(info.id, { kind: 'callback', type, data, at: performance.now() });
    let message: StandInMessage | undefined;
    if (type === 4 || type === 5) {
      message = responseMessage(params.token ?? '', data ?? {});
      originals.set(params.token ?? '', message);
    }
    if (url.searchParams.get('with_response') === 'true') {
      return json(res, 200, {
        interaction: {
          id: info.id,
          type: 3,
          activity_instance_id: null,
          response_message_id: message?.id ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: (Number(data?.flags ?? 0) & EPHEMERAL) !== 0,
        },
        resource: { type, ...(message ? { message: messageJson(message) } : {}) },
      });
    }
    json(res, 204, undefined);
  });
  function webhook(kind: InteractionResponse['kind']): RouteHandler {
    return (_req, res, { params, body }) => {
      const info = interactionTokens.get(params.token ?? '');
      if (!info || params.app !== applicationId) {
        return discordError(res, 404, 10015, 'Unknown Webhook');
      }
      const data = obj(body);
      respond(info.id, { kind, type: 0, data, at: performance.now() });
      if (kind === 'delete') return json(res, 204, undefined);
      if (kind === 'followup')
        return json(res, 200, messageJson(responseMessage(params.token ?? '', data)));
      const original =
        originals.get(params.token ?? '') ?? responseMessage(params.token ?? '', data);
      originals.set(params.token ?? '', original);
      if (messages.has(original.id)) editMessage(original, data);
      else if (typeof data.content === 'string') original.content = data.content;
      json(res, 200, messageJson(original));
    };
  }
  route('POST', V + '/webhooks/:app/:token', webhook('followup'));
  route('PATCH', V + '/webhooks/:app/:token/messages/:message', webhook('edit'));
  route('DELETE', V + '/webhooks/:app/:token/messages/:message', webhook('delete'));
  route('GET', V + '/webhooks/:app/:token/messages/:message', (_req, res, { params }) => {
    const original = originals.get(params.token ?? '');
    if (need(res, original, 10008, 'Message')) json(res, 200, messageJson(original));
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      let body: unknown;
      try {
        body = await readBody(req, url);
      } catch {
        return discordError(res, 400, 50109, 'The request body contains invalid JSON.');
      }
      const reason = req.headers['x-audit-log-reason'];
      const recorded: RecordedRequest = {
        method,
        path: url.pathname,
        query: url.searchParams,
        body,
        reason: typeof reason === 'string' ? decodeURIComponent(reason) : undefined,
        at: performance.now(),
      };
      requests.push(recorded);
      for (const fn of requestListeners) fn(recorded);
      const found = match(method, url.pathname);
      if (!found) return discordError(res, 404, 0, '404: Not Found');
      try {
        await found.route.handler(req, res, { url, body, params: found.params });
      } catch (err) {
        if (!res.headersSent) json(res, 500, { message: String(err), code: 0 });
      }
    })();
  });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '::', ipv6Only: false }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`;

  // ---- Test controls ----
  function addChannel(
    guildId: string,
    init: { id?: string; name: string; type?: number; parentId?: string | null },
  ): StandInChannel {
    const g = guilds.get(guildId);
    if (!g) throw new Error(`no guild ${guildId}`);
    const c: StandInChannel = {
      id: init.id ?? snowflake(),
      type: init.type ?? 0,
      guild_id: guildId,
      name: init.name,
      position: guildChannels(g).length,
      parent_id: init.parentId ?? null,
      topic: null,
      permission_overwrites: [],
      nsfw: false,
    };
    channels.set(c.id, c);
    dispatch('CHANNEL_CREATE', channelJson(c), guildId);
    return c;
  }
  function guildFor(guildId: string): StandInGuild {
    const g = guilds.get(guildId);
    if (!g) throw new Error(`no guild ${guildId}`);
    return g;
  }
  function memberFor(g: StandInGuild, userId: string): StandInMember {
    const m = g.members.get(userId);
    if (!m) throw new Error(`user ${userId} is not a member of guild ${g.id}`);
    return m;
  }

  function sendInteraction(
    base: InteractionBase,
    type: number,
    data: Record<string, unknown>,
    extra: Record<string, unknown> = {},
  ): SentInteraction {
    const g = guildFor(base.guildId);
    const m = memberFor(g, base.userId);
    const c = channels.get(base.channelId);
    if (!c) throw new Error(`no channel ${base.channelId}`);
    const id = snowflake();
    const interactionToken = `aW50ZXJhY3Rpb24.${randomToken()}`;
    interactionTokens.set(interactionToken, { id, channelId: c.id, guildId: g.id });
    const permissions = base.permissions ?? String(permissionsOf(g, m.user.id));
    dispatch(
      'INTERACTION_CREATE',
      {
        id,
        application_id: applicationId,
        type,
        data,
        guild_id: g.id,
        guild: { id: g.id, locale: 'en-US', features: [] },
        channel_id: c.id,
        channel: channelJson(c),
        member: { ...memberJson(m), permissions },
        token: interactionToken,
        version: 1,
        app_permissions: String(permissionsOf(g, botUser.id)),
        locale: 'en-US',
        guild_locale: 'en-US',
        entitlements: [],
        authorizing_integration_owners: { '0': g.id },
        context: 0,
        attachment_size_limit: 10_485_760,
        ...extra,
      },
      g.id,
    );
    return { id, token: interactionToken, sentAt: performance.now() };
  }
  function componentMessage(channelId: string, messageId: string | undefined) {
    const known = messageId ? messages.get(messageId) : undefined;
    if (known) return messageJson(known);
    const c = channels.get(channelId);
    return messageJson({
      id: messageId ?? snowflake(),
      channel_id: channelId,
      ...(c?.guild_id ? { guild_id: c.guild_id } : {}),
      author: botUser,
      content: '',
      embeds: [],
      components: [],
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    });
  }

  const standIn: DiscordStandIn = {
    port,
    url,
    apiUrl: `${url}/api`,
    gatewayUrl,
    token,
    applicationId,
    botUser,
    guilds,
    channels,
    messages,
    users,
    requests,
    get identifies() {
      return counters.identifies;
    },
    get resumes() {
      return counters.resumes;
    },
    user,
    addGuild(init) {
      const owner = init.ownerId
        ? (users.get(init.ownerId) ?? user({ id: init.ownerId, username: 'owner' }))
        : user({ username: `owner-${init.name}` });
      const id = init.id ?? snowflake();
      const everyone = role({ id, name: '@everyone', position: 0, permissions: 0x0400n | 0x0800n });
      const botRole = role({
        name: 'homelab-bot',
        position: init.botRolePosition ?? 10,
        permissions: init.botPermissions ?? ADMINISTRATOR,
        managed: true,
      });
      const g: StandInGuild = {
        id,
        name: init.name,
        owner_id: owner.id,
        roles: new Map([
          [everyone.id, everyone],
          [botRole.id, botRole],
        ]),
        members: new Map([[owner.id, member(owner)]]),
        bans: new Map(),
        commands: [],
        botIn: false,
      };
      g.members.set(botUser.id, member(botUser, [botRole.id]));
      guilds.set(id, g);
      addChannel(id, { name: 'general' });
      if (init.botIn ?? true) standIn.botJoins(id);
      return g;
    },
    addChannel,
    addRole(guildId, init) {
      const g = guildFor(guildId);
      const r = role(init);
      g.roles.set(r.id, r);
      dispatch('GUILD_ROLE_CREATE', { guild_id: g.id, role: r }, g.id);
      return r;
    },
    addMember(guildId, u, roles = []) {
      const m = member(u, roles);
      guildFor(guildId).members.set(u.id, m);
      return m;
    },
    generalChannel(guildId) {
      const c = [...channels.values()].find((x) => x.guild_id === guildId && x.type === 0);
      if (!c) throw new Error(`guild ${guildId} has no text channel`);
      return c;
    },
    botJoins(guildId) {
      const g = guildFor(guildId);
      g.botIn = true;
      dispatch('GUILD_CREATE', guildCreateJson(g), g.id);
    },
    botRemoved(guildId) {
      const g = guildFor(guildId);
      g.botIn = false;
      dispatch('GUILD_DELETE', { id: g.id }, g.id);
    },
    updateGuild(guildId, patch) {
      const g = guildFor(guildId);
      if (patch.name !== undefined) g.name = patch.name;
      dispatch('GUILD_UPDATE', guildJson(g), g.id);
    },
    memberJoins(guildId, u) {
      const g = guildFor(guildId);
      const m = member(u);
      g.members.set(u.id, m);
      dispatch('GUILD_MEMBER_ADD', { guild_id: g.id, ...memberJson(m) }, g.id);
      return m;
    },
    memberLeaves(guildId, userId) {
      removeMember(guildFor(guildId), userId);
    },
    memberSays({ channelId, userId, content }) {
      const c = channels.get(channelId);
      const u = users.get(userId);
      if (!c || !u) throw new Error(`no channel ${channelId} or user ${userId}`);
      return createMessage(c, u, { content });
    },
    memberEdits(messageId, content) {
      const m = messages.get(messageId);
      if (!m) throw new Error(`no message ${messageId}`);
      editMessage(m, { content });
    },
    messageDeleted(channelId, messageId) {
      const m = messages.get(messageId);
      if (!m || m.channel_id !== channelId) throw new Error(`no message ${messageId} there`);
      deleteMessage(m);
    },
    channelDeletedByHand(channelId) {
      const c = liveChannel(channelId);
      if (!c) throw new Error(`no channel ${channelId}`);
      c.deleted = true;
      dispatch('CHANNEL_DELETE', channelJson(c), c.guild_id);
    },
    memberPressesButton(init) {
      return sendInteraction(
        init,
        3,
        { custom_id: init.customId, component_type: 2 },
        { message: componentMessage(init.channelId, init.messageId) },
      );
    },
    memberSelects(init) {
      return sendInteraction(
        init,
        3,
        { custom_id: init.customId, component_type: 3, values: init.values },
        { message: componentMessage(init.channelId, init.messageId) },
      );
    },
    memberRunsCommand(init) {
      const g = guildFor(init.guildId);
      const command = g.commands.find((c) => c.name === init.name);
      let defs: CommandOption[] = command?.options ?? [];
      const sub = init.subcommand ? defs.find((o) => o.name === init.subcommand) : undefined;
      if (sub) defs = sub.options ?? [];
      const resolved = {
        users: {} as Record<string, unknown>,
        members: {} as Record<string, unknown>,
        roles: {} as Record<string, unknown>,
        channels: {} as Record<string, unknown>,
      };
      const options = Object.entries(init.options ?? {}).map(([name, value]) => {
        const type =
          defs.find((o) => o.name === name)?.type ??
          (typeof value === 'number' ? 10 : typeof value === 'boolean' ? 5 : 3);
        const v = String(value);
        if (type === 6 || type === 9) {
          const u = users.get(v);
          if (u) resolved.users[v] = u;
          const m = g.members.get(v);
          if (m) resolved.members[v] = { ...memberJson(m, false), permissions: '0' };
        }
        if (type === 8 || type === 9) {
          const r = g.roles.get(v);
          if (r) resolved.roles[v] = r;
        }
        if (type === 7) {
          const c = channels.get(v);
          if (c) resolved.channels[v] = { ...channelJson(c), permissions: '0' };
        }
        return { name, type, value };
      });
      const top = init.subcommand ? [{ name: init.subcommand, type: 1, options }] : options;
      return sendInteraction(init, 2, {
        id: command?.id ?? snowflake(),
        name: init.name,
        type: 1,
        guild_id: g.id,
        options: top,
        resolved,
      });
    },
    memberSubmitsModal(init) {
      return sendInteraction(init, 5, {
        custom_id: init.customId,
        components: Object.entries(init.fields).map(([customId, value]) => ({
          type: 1,
          components: [{ type: 4, custom_id: customId, value }],
        })),
      });
    },
    responses: (id) => interactionResponses.get(id) ?? [],
    waitForResponse(id, predicate = () => true, timeoutMs = 5_000) {
      const found = (interactionResponses.get(id) ?? []).find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          responseListeners.delete(listener);
          reject(new Error(`interaction ${id}: no matching response within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (forId: string, r: InteractionResponse) => {
          if (forId !== id || !predicate(r)) return;
          clearTimeout(timer);
          responseListeners.delete(listener);
          resolve(r);
        };
        responseListeners.add(listener);
      });
    },
    waitForRequest(method, pathPattern, timeoutMs = 5_000) {
      const matches = (r: RecordedRequest) =>
        r.method === method.toUpperCase() &&
        (typeof pathPattern === 'string' ? r.path === pathPattern : pathPattern.test(r.path));
      const found = requests.find(matches);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          requestListeners.delete(listener);
          reject(new Error(`no ${method} ${String(pathPattern)} within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (r: RecordedRequest) => {
          if (!matches(r)) return;
          clearTimeout(timer);
          requestListeners.delete(listener);
          resolve(r);
        };
        requestListeners.add(listener);
      });
    },
    onRequest(fn) {
      requestListeners.add(fn);
      return () => void requestListeners.delete(fn);
    },
    channelMessages: (channelId) =>
      [...messages.values()].filter((m) => m.channel_id === channelId),
    invalidateSessions() {
      for (const session of sessions.values()) session.ended = true;
    },
    allowPrivilegedIntents(mask) {
      allowedPrivileged = mask & PRIVILEGED_INTENTS;
    },
    dropGateway(code = 4000) {
      for (const ws of sockets) ws.close(code, 'stand-in dropped the connection');
    },
    connectionCount: () => sockets.size,
    route,
    async close() {
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return standIn;
}
