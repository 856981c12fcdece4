// A local stand-in for Twitch: the IRC-over-WebSocket chat server that
// @twurple/chat speaks, and the id.twitch.tv OAuth endpoints @twurple/auth
// calls, on one HTTP server, so tests drive the real client libraries.
//
// Pointing the libraries at it:
//   - chat: `new ChatClient({ hostName: standIn.chatHostName, ssl: false })`, or the service's
//     TWITCH_CHAT_URL = standIn.chatUrl (`ws://127.0.0.1:<port>/`). twurple always appends a port
//     (`:80`), so chatHostName is `127.0.0.1:<port>/` and the `:80` lands in the path, which the
//     stand-in ignores.
//   - auth: twurple calls `https://id.twitch.tv/oauth2/…` unless TWURPLE_MOCK_API_PORT is set, then
//     `http://localhost:<port>/auth/…` (and Helix at `/mock/…`). Set it to standIn.port; the
//     server listens dual-stack so `localhost` works whether it resolves to ::1 or 127.0.0.1.
//     The service's TWITCH_AUTH_URL = standIn.authUrl (`http://127.0.0.1:<port>/auth`).
//
// Test controls (see the TwitchStandIn interface for details):
//   issueToken({login, userId, scopes, expiresIn}) → a token pair /auth/validate and chat accept
//   viewerSays(channel, {login, badges?, text}) → delivers a PRIVMSG with Twitch's tags to every
//     connection in that channel; returns the message id
//   botMessages(channel) / waitForBotMessage(channel, predicate, timeoutMs) / onBotMessage(fn)
//     → what connected clients said (PRIVMSG), with replyTo (reply-parent-msg-id)
//   joined(login) → channels a login's connections are in; connectionCount()
//   dropConnections() → server-side close of every chat connection (clients should reconnect)
//   refuseConnections(true|false) → new WebSocket upgrades get HTTP 503 while true
//   addModerator(channel, login) → USERSTATE/badges say moderator for that login there
//   route(method, path, handler) → adds or replaces an HTTP route (the route table below)
//   consentAs(grant | 'deny') → who GET /auth/authorize logs in (it consents at once and
//     redirects with a one-time code for the authorization_code grant), or a redirect with
//     error=access_denied; GET /mock/users answers Helix "Get Users" for a valid token
//
// Chat refuses a PASS whose token is unknown, expired, lacks chat:read or belongs to another
// login than NICK with `NOTICE * :Login authentication failed` and closes, as Twitch does.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  /** Seconds from now; 0 = already expired. */
  expiresIn: number;
  scopes: string[];
  /** Milliseconds, like twurple's AccessToken.obtainmentTimestamp. */
  obtainmentTimestamp: number;
}

export interface TokenGrant {
  login: string;
  userId: string;
  displayName?: string;
  scopes?: string[];
  /** Seconds; default 14400 (Twitch's usual 4 h); 0 issues an expired token. */
  expiresIn?: number;
}

export interface StandInUser {
  id: string;
  login: string;
  displayName: string;
}

export interface BotMessage {
  channel: string;
  login: string;
  text: string;
  /** The reply-parent-msg-id tag, when the client replied to a message. */
  replyTo: string | undefined;
  at: Date;
}

export interface ViewerLine {
  login: string;
  text: string;
  /** `name/version`, e.g. `moderator/1`, `subscriber/12`, `broadcaster/1`. */
  badges?: string[];
  userId?: string;
  displayName?: string;
}

export type RouteHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { url: URL; body: string },
) => void | Promise<void>;

export interface TwitchStandIn {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** http://127.0.0.1:<port>/auth — what twurple reaches as id.twitch.tv/oauth2. */
  authUrl: string;
  /** ws://127.0.0.1:<port>/ — the service's TWITCH_CHAT_URL. */
  chatUrl: string;
  /** `127.0.0.1:<port>/` for ChatClient's hostName (with ssl: false). */
  chatHostName: string;
  clientId: string;
  clientSecret: string;
  issueToken(grant: TokenGrant): IssuedToken;
  /** Makes a token unknown (as after a revoke or a password change). */
  revokeToken(accessToken: string): void;
  users: Map<string, StandInUser>;
  viewerSays(channel: string, line: ViewerLine): string;
  botMessages(channel: string): BotMessage[];
  /** Resolves with the first message (already recorded or new) that matches. */
  waitForBotMessage(
    channel: string,
    predicate?: (m: BotMessage) => boolean,
    timeoutMs?: number,
  ): Promise<BotMessage>;
  /** Calls fn for every new bot message; returns an unsubscribe function. */
  onBotMessage(fn: (m: BotMessage) => void): () => void;
  joined(login: string): string[];
  connectionCount(): number;
  dropConnections(): void;
  refuseConnections(refuse: boolean): void;
  addModerator(channel: string, login: string): void;
  route(method: string, path: string, handler: RouteHandler): void;
  /** The Twitch account /auth/authorize signs in (consenting at once), or 'deny'. */
  consentAs(grant: TokenGrant | 'deny'): void;
  close(): Promise<void>;
}

interface TokenRecord {
  user: StandInUser;
  scopes: string[];
  expiresAt: number;
  refreshToken: string;
}

interface Connection {
  ws: WebSocket;
  pass: string | undefined;
  user: StandInUser | undefined;
  channels: Set<string>;
}

const HOST = 'tmi.twitch.tv';

/** IRCv3 tag value escaping. */
function escapeTag(value: string): string {
  return value.replace(/[\\; \r\n]/g, (c) =>
    c === '\\' ? '\\\\' : c === ';' ? '\\:' : c === ' ' ? '\\s' : c === '\r' ? '\\r' : '\\n',
  );
}

function unescapeTag(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) =>
    c === ':' ? ';' : c === 's' ? ' ' : c === 'r' ? '\r' : c === 'n' ? '\n' : c,
  );
}

function tagString(tags: Record<string, string>): string {
  return (
    '@' +
    Object.entries(tags)
      .map(([k, v]) => `${k}=${escapeTag(v)}`)
      .join(';')
  );
}

interface Line {
  tags: Map<string, string>;
  command: string;
  params: string[];
}

function parseLine(raw: string): Line {
  let rest = raw;
  const tags = new Map<string, string>();
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    for (const part of rest.slice(1, space).split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) tags.set(part, '');
      else tags.set(part.slice(0, eq), unescapeTag(part.slice(eq + 1)));
    }
    rest = rest.slice(space + 1);
  }
  if (rest.startsWith(':')) rest = rest.slice(rest.indexOf(' ') + 1);
  const colon = rest.indexOf(' :');
  const head = colon >= 0 ? rest.slice(0, colon) : rest;
  const params = head.split(' ').filter(Boolean);
  const command = (params.shift() ?? '').toUpperCase();
  if (colon >= 0) params.push(rest.slice(colon + 2));
  return { tags, command, params };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const channelName = (c: string) => c.replace(/^#/, '').toLowerCase();
const token = () => randomBytes(15).toString('hex');

/** Starts on a free port (dual-stack). */
export async function startTwitchStandIn(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<TwitchStandIn> {
  const clientId = options.clientId ?? 'standin-client-id';
  const clientSecret = options.clientSecret ?? 'standin-client-secret';
  const tokens = new Map<string, TokenRecord>();
  const refreshTokens = new Map<string, { user: StandInUser; scopes: string[] }>();
  const users = new Map<string, StandInUser>();
  const connections = new Set<Connection>();
  const sent: BotMessage[] = [];
  const botListeners = new Set<(m: BotMessage) => void>();
  const moderators = new Map<string, Set<string>>();
  let refusing = false;
  let nextUserId = 900_000;
  let consent: TokenGrant | 'deny' | undefined;
  /** One-time authorization codes. */
  const codes = new Map<string, { grant: TokenGrant; redirectUri: string; scopes: string[] }>();

  function userFor(login: string, userId?: string, displayName?: string): StandInUser {
    const key = login.toLowerCase();
    let user = users.get(key);
    if (!user) {
      user = { id: userId ?? String(nextUserId++), login: key, displayName: displayName ?? login };
      users.set(key, user);
    }
    return user;
  }

  function issue(user: StandInUser, scopes: string[], expiresIn: number): IssuedToken {
    const accessToken = token();
    const refreshToken = token();
    tokens.set(accessToken, {
      user,
      scopes,
      expiresAt: Date.now() + expiresIn * 1000,
      refreshToken,
    });
    refreshTokens.set(refreshToken, { user, scopes });
    return { accessToken, refreshToken, expiresIn, scopes, obtainmentTimestamp: Date.now() };
  }

  function validToken(accessToken: string | undefined): TokenRecord | undefined {
    const record = accessToken ? tokens.get(accessToken) : undefined;
    return record && record.expiresAt > Date.now() ? record : undefined;
  }

  // ---- HTTP: a route table keyed by "METHOD /path"; add routes with route(). ----
  const routes = new Map<string, RouteHandler>();
  const route = (method: string, path: string, handler: RouteHandler) =>
    void routes.set(`${method.toUpperCase()} ${path}`, handler);

  route('GET', '/auth/validate', (req, res) => {
    const header = req.headers.authorization ?? '';
    const record = validToken(/^(?:OAuth|Bearer) (.+)$/i.exec(header)?.[1]);
    if (!record) return json(res, 401, { status: 401, message: 'invalid access token' });
    json(res, 200, {
      client_id: clientId,
      login: record.user.login,
      scopes: record.scopes,
      user_id: record.user.id,
      expires_in: Math.floor((record.expiresAt - Date.now()) / 1000),
    });
  });

  // twurple sends the parameters in the query string; Twitch also accepts a form body.
  route('POST', '/auth/token', (_req, res, { url, body }) => {
    const params = new URLSearchParams(url.search);
    for (const [k, v] of new URLSearchParams(body)) if (!params.has(k)) params.set(k, v);
    if (params.get('client_id') !== clientId) {
      return json(res, 400, { status: 400, message: 'invalid client' });
    }
    if (params.get('client_secret') !== clientSecret) {
      return json(res, 403, { status: 403, message: 'invalid client secret' });
    }
    const grant = params.get('grant_type');
    if (grant === 'authorization_code') {
      const code = codes.get(params.get('code') ?? '');
      codes.delete(params.get('code') ?? '');
      if (!code || code.redirectUri !== params.get('redirect_uri')) {
        return json(res, 400, { status: 400, message: 'Invalid authorization code' });
      }
      const user = userFor(code.grant.login, code.grant.userId, code.grant.displayName);
      const fresh = issue(user, code.scopes, code.grant.expiresIn ?? 14_400);
      return json(res, 200, {
        access_token: fresh.accessToken,
        refresh_token: fresh.refreshToken,
        expires_in: fresh.expiresIn,
        scope: fresh.scopes,
        token_type: 'bearer',
      });
    }
    if (grant === 'refresh_token') {
      const old = refreshTokens.get(params.get('refresh_token') ?? '');
      if (!old) return json(res, 400, { status: 400, message: 'Invalid refresh token' });
      refreshTokens.delete(params.get('refresh_token') ?? '');
      const fresh = issue(old.user, old.scopes, 14_400);
      return json(res, 200, {
        access_token: fresh.accessToken,
        refresh_token: fresh.refreshToken,
        expires_in: fresh.expiresIn,
        scope: fresh.scopes,
        token_type: 'bearer',
      });
    }
    json(res, 400, { status: 400, message: 'unsupported grant type' });
  });

  // The consent screen, answered at once as consentAs() says.
  route('GET', '/auth/authorize', (_req, res, { url }) => {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== clientId || !redirectUri || !URL.canParse(redirectUri)) {
      return json(res, 400, { status: 400, message: 'invalid client or redirect_uri' });
    }
    if (q.get('response_type') !== 'code') {
      return json(res, 400, { status: 400, message: 'unsupported response_type' });
    }
    const target = new URL(redirectUri);
    const state = q.get('state');
    if (consent === undefined || consent === 'deny') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied you access');
    } else {
      const code = token();
      const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
      codes.set(code, { grant: consent, redirectUri, scopes });
      target.searchParams.set('code', code);
      target.searchParams.set('scope', scopes.join(' '));
    }
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString() });
    res.end();
  });

  // Helix "Get Users": ?id= / ?login= (repeatable), or the token's own user.
  route('GET', '/mock/users', (req, res, { url }) => {
    const record = validToken(/^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1]);
    if (!record || req.headers['client-id'] !== clientId) {
      return json(res, 401, { error: 'Unauthorized', status: 401, message: 'Invalid OAuth token' });
    }
    const ids = url.searchParams.getAll('id');
    const logins = url.searchParams.getAll('login').map((l) => l.toLowerCase());
    const found =
      ids.length + logins.length === 0
        ? [record.user]
        : [...users.values()].filter((u) => ids.includes(u.id) || logins.includes(u.login));
    json(res, 200, {
      data: found.map((u) => ({
        id: u.id,
        login: u.login,
        display_name: u.displayName,
        type: '',
        broadcaster_type: '',
        description: '',
        profile_image_url: '',
        offline_image_url: '',
        view_count: 0,
        created_at: '2020-01-01T00:00:00Z',
      })),
    });
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const handler = routes.get(`${req.method ?? 'GET'} ${url.pathname}`);
      if (!handler) return json(res, 404, { status: 404, message: 'Not Found' });
      try {
        await handler(req, res, { url, body: await readBody(req) });
      } catch (err) {
        if (!res.headersSent) json(res, 500, { status: 500, message: String(err) });
      }
    })();
  });

  // ---- Chat: IRC over WebSocket. ----
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (refusing) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function write(conn: Connection, line: string) {
    conn.ws.send(line + '\r\n');
  }

  function roomId(channel: string) {
    return userFor(channel).id;
  }

  function badgesOf(channel: string, login: string): string[] {
    if (login === channel) return ['broadcaster/1'];
    return moderators.get(channel)?.has(login) ? ['moderator/1'] : [];
  }

  function privmsgTags(
    channel: string,
    user: StandInUser,
    badges: string[],
    id: string,
  ): Record<string, string> {
    const has = (name: string) => badges.some((b) => b.startsWith(name + '/'));
    return {
      'badge-info': '',
      badges: badges.join(','),
      color: '',
      'display-name': user.displayName,
      emotes: '',
      'first-msg': '0',
      flags: '',
      id,
      mod: has('moderator') ? '1' : '0',
      'returning-chatter': '0',
      'room-id': roomId(channel),
      subscriber: has('subscriber') || has('founder') ? '1' : '0',
      'tmi-sent-ts': String(Date.now()),
      turbo: '0',
      'user-id': user.id,
      'user-type': has('moderator') ? 'mod' : '',
      ...(has('vip') ? { vip: '1' } : {}),
    };
  }

  function deliver(channel: string, line: string, except?: Connection) {
    for (const conn of connections) {
      if (conn !== except && conn.user && conn.channels.has(channel)) write(conn, line);
    }
  }

  function register(conn: Connection, nick: string) {
    const record = validToken(conn.pass?.replace(/^oauth:/, ''));
    const ok =
      record && record.user.login === nick.toLowerCase() && record.scopes.includes('chat:read');
    if (!record || !ok) {
      write(conn, `:${HOST} NOTICE * :Login authentication failed`);
      conn.ws.close();
      return;
    }
    const { login, displayName, id } = record.user;
    conn.user = record.user;
    write(conn, `:${HOST} 001 ${login} :Welcome, GLHF!`);
    write(conn, `:${HOST} 002 ${login} :Your host is ${HOST}`);
    write(conn, `:${HOST} 003 ${login} :This server is rather new`);
    write(conn, `:${HOST} 004 ${login} :-`);
    write(conn, `:${HOST} 375 ${login} :-`);
    write(conn, `:${HOST} 372 ${login} :You are in a maze of twisty passages, all alike.`);
    write(conn, `:${HOST} 376 ${login} :>`);
    const global = { 'badge-info': '', badges: '', color: '', 'display-name': displayName };
    write(
      conn,
      `${tagString({ ...global, 'emote-sets': '0', 'user-id': id, 'user-type': '' })} :${HOST} GLOBALUSERSTATE`,
    );
  }

  function join(conn: Connection, user: StandInUser, channel: string) {
    conn.channels.add(channel);
    const { login } = user;
    write(conn, `:${login}!${login}@${login}.${HOST} JOIN #${channel}`);
    write(conn, `:${login}.${HOST} 353 ${login} = #${channel} :${login}`);
    write(conn, `:${login}.${HOST} 366 ${login} #${channel} :End of /NAMES list`);
    const badges = badgesOf(channel, login);
    const mod = badges.length > 0 ? '1' : '0';
    const state = { 'badge-info': '', badges: badges.join(','), color: '' };
    write(
      conn,
      `${tagString({ ...state, 'display-name': user.displayName, 'emote-sets': '0', mod, subscriber: '0', 'user-type': mod === '1' ? 'mod' : '' })} :${HOST} USERSTATE #${channel}`,
    );
    const room = {
      'emote-only': '0',
      'followers-only': '-1',
      r9k: '0',
      'room-id': roomId(channel),
    };
    write(
      conn,
      `${tagString({ ...room, slow: '0', 'subs-only': '0' })} :${HOST} ROOMSTATE #${channel}`,
    );
  }

  function botSaid(conn: Connection, user: StandInUser, line: Line) {
    const channel = channelName(line.params[0] ?? '');
    const text = line.params[1] ?? '';
    if (!conn.channels.has(channel)) return;
    const replyTo = line.tags.get('reply-parent-msg-id') || undefined;
    const message: BotMessage = { channel, login: user.login, text, replyTo, at: new Date() };
    sent.push(message);
    for (const fn of botListeners) fn(message);
    const tags = privmsgTags(channel, user, badgesOf(channel, user.login), randomUUID());
    const reply: Record<string, string> = replyTo ? { 'reply-parent-msg-id': replyTo } : {};
    const out = `${tagString({ ...tags, ...reply })} :${user.login}!${user.login}@${user.login}.${HOST} PRIVMSG #${channel} :${text}`;
    deliver(channel, out, conn);
  }

  function handle(conn: Connection, raw: string) {
    const line = parseLine(raw);
    const [first = '', second = ''] = line.params;
    switch (line.command) {
      case 'CAP':
        if (first.toUpperCase() === 'LS') {
          write(conn, `:${HOST} CAP * LS :twitch.tv/membership twitch.tv/tags twitch.tv/commands`);
        } else if (first.toUpperCase() === 'REQ') {
          write(conn, `:${HOST} CAP * ACK :${second}`);
        }
        return;
      case 'PASS':
        conn.pass = first;
        return;
      case 'NICK':
        if (!conn.user) register(conn, first);
        return;
      case 'PING':
        write(conn, `:${HOST} PONG ${HOST} :${first}`);
        return;
      case 'JOIN':
        if (conn.user) for (const c of first.split(',')) join(conn, conn.user, channelName(c));
        return;
      case 'PART':
        for (const c of first.split(',').map(channelName)) {
          if (conn.user && conn.channels.delete(c)) {
            write(
              conn,
              `:${conn.user.login}!${conn.user.login}@${conn.user.login}.${HOST} PART #${c}`,
            );
          }
        }
        return;
      case 'PRIVMSG':
        if (conn.user) botSaid(conn, conn.user, line);
        return;
      default:
        return; // USER, PONG, QUIT …: nothing to answer
    }
  }

  function accept(ws: WebSocket) {
    const conn: Connection = { ws, pass: undefined, user: undefined, channels: new Set() };
    connections.add(conn);
    ws.on('message', (data) => {
      for (const raw of data.toString().split(/\r?\n/)) if (raw) handle(conn, raw);
    });
    ws.on('close', () => connections.delete(conn));
    ws.on('error', () => connections.delete(conn));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host: '::', ipv6Only: false }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    port,
    url,
    authUrl: `${url}/auth`,
    chatUrl: `ws://127.0.0.1:${port}/`,
    chatHostName: `127.0.0.1:${port}/`,
    clientId,
    clientSecret,
    users,
    issueToken(grant) {
      const user = userFor(grant.login, grant.userId, grant.displayName);
      return issue(user, grant.scopes ?? ['chat:read', 'chat:edit'], grant.expiresIn ?? 14_400);
    },
    consentAs(grant) {
      consent = grant;
    },
    revokeToken(accessToken) {
      const record = tokens.get(accessToken);
      tokens.delete(accessToken);
      if (record) refreshTokens.delete(record.refreshToken);
    },
    viewerSays(channel, line) {
      const chan = channelName(channel);
      const user = userFor(line.login, line.userId, line.displayName);
      const id = randomUUID();
      const tags = privmsgTags(chan, user, line.badges ?? badgesOf(chan, user.login), id);
      const from = `${user.login}!${user.login}@${user.login}.${HOST}`;
      deliver(chan, `${tagString(tags)} :${from} PRIVMSG #${chan} :${line.text}`);
      return id;
    },
    botMessages: (channel) => sent.filter((m) => m.channel === channelName(channel)),
    waitForBotMessage(channel, predicate = () => true, timeoutMs = 5_000) {
      const chan = channelName(channel);
      const match = (m: BotMessage) => m.channel === chan && predicate(m);
      const found = sent.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          botListeners.delete(listener);
          reject(new Error(`no bot message in #${chan} matched within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (m: BotMessage) => {
          if (!match(m)) return;
          clearTimeout(timer);
          botListeners.delete(listener);
          resolve(m);
        };
        botListeners.add(listener);
      });
    },
    onBotMessage(fn) {
      botListeners.add(fn);
      return () => void botListeners.delete(fn);
    },
    joined(login) {
      const channels = new Set<string>();
      for (const conn of connections) {
        if (conn.user?.login === login.toLowerCase())
          for (const c of conn.channels) channels.add(c);
      }
      return [...channels].sort();
    },
    connectionCount: () => connections.size,
    dropConnections() {
      for (const conn of connections) conn.ws.terminate();
      connections.clear();
    },
    refuseConnections(refuse) {
      refusing = refuse;
    },
    addModerator(channel, login) {
      const chan = channelName(channel);
      const set = moderators.get(chan) ?? new Set<string>();
      set.add(login.toLowerCase());
      moderators.set(chan, set);
    },
    route,
    async close() {
      for (const conn of connections) conn.ws.terminate();
      connections.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
