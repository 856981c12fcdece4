// A local stand-in for the parts of Google OAuth and the YouTube Data API v3 that
// stream-bot's live chat uses, speaking their real shapes:
//   GET  /o/oauth2/v2/auth      consent (answers at once for the account set with consentAs)
//   POST /token                 authorization_code and refresh_token grants; invalid_grant errors
//   GET  /youtube/v3/channels?part=snippet&mine=true
//   GET  /youtube/v3/liveBroadcasts?part=…&broadcastStatus=active&broadcastType=all
//        (exactly one of broadcastStatus, id, mine, as the real API insists)
//   GET  /youtube/v3/liveChat/messages?liveChatId=&part=snippet,authorDetails&pageToken=
//   POST /youtube/v3/liveChat/messages?part=snippet (insert)
// Every API call needs a Bearer token this stand-in issued (401 otherwise); errors have
// Google's body { error: { code, message, errors: [{ message, domain, reason }], status } }.
// Tests script viewers' messages, read back the bot's lines and the time of every poll, and
// switch quota or rate-limit errors on.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface YouTubeAccount {
  channelId: string;
  title: string;
}

export interface YouTubeViewer {
  channelId?: string;
  displayName: string;
  owner?: boolean;
  moderator?: boolean;
  sponsor?: boolean;
}

export interface ChatItem {
  id: string;
  authorChannelId: string;
  displayName: string;
  text: string;
  publishedAt: Date;
  owner: boolean;
  moderator: boolean;
  sponsor: boolean;
}

export type ApiFailure = 'quotaExceeded' | 'rateLimitExceeded';

export interface YouTubeStandIn {
  url: string;
  /** YOUTUBE_AUTH_URL, _TOKEN_URL, _API_URL. */
  authUrl: string;
  tokenUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** The account the consent page grants (it answers without asking). */
  consentAs(account: YouTubeAccount, scopes?: string[]): void;
  /** Tokens as a finished consent would give them (expiresIn seconds; 0 = already expired). */
  issueTokens(
    account: YouTubeAccount,
    expiresIn?: number,
  ): { accessToken: string; refreshToken: string; scopes: string[] };
  /** Starts a live broadcast on the channel; returns its liveChatId. */
  goLive(channelId: string): string;
  /** Ends the chat: the next list says offlineAt, later ones answer liveChatEnded. */
  endChat(liveChatId: string): void;
  viewerSays(liveChatId: string, viewer: YouTubeViewer, text: string): ChatItem;
  /** Lines inserted through the API, oldest first. */
  botMessages(liveChatId: string): ChatItem[];
  waitForBotMessage(
    liveChatId: string,
    match: (m: ChatItem) => boolean,
    timeoutMs?: number,
  ): Promise<ChatItem>;
  /** When each liveChat/messages list call for the chat arrived (answered or not). */
  polls(liveChatId: string): Date[];
  /** The pollingIntervalMillis every list answer carries. */
  setPollingInterval(ms: number): void;
  /** Every API call fails with this reason (403) until set to null. */
  failWith(reason: ApiFailure | null): void;
  /** Refuses this refresh token from now on (invalid_grant). */
  revokeRefreshToken(refreshToken: string): void;
  /** Makes an access token expire now (the API answers 401 to it). */
  expireAccessToken(accessToken: string): void;
  /** Refresh grants answered with a new token. */
  refreshes: number;
  /** Every token posted to /revoke (known or not), oldest first. */
  revocations: string[];
  /** API calls refused for a missing, unknown or expired token. */
  unauthorized: number;
  close(): Promise<void>;
}

interface Grant {
  account: YouTubeAccount;
  scopes: string[];
  expiresAt: number;
}

interface Chat {
  id: string;
  broadcastId: string;
  channelId: string;
  items: ChatItem[];
  polls: Date[];
  offlineAt: Date | null;
  offlineTold: boolean;
}

export const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube.readonly',
  'https://www.googleapis.com/auth/youtube.force-ssl',
];

const token = (prefix: string) => `${prefix}${randomBytes(16).toString('base64url')}`;

function googleError(res: ServerResponse, code: number, reason: string, message: string) {
  const status =
    code === 401
      ? 'UNAUTHENTICATED'
      : code === 403
        ? 'PERMISSION_DENIED'
        : code === 404
          ? 'NOT_FOUND'
          : 'INVALID_ARGUMENT';
  const domain =
    reason === 'quotaExceeded'
      ? 'youtube.quota'
      : reason === 'authError'
        ? 'global'
        : 'youtube.liveChat';
  send(res, code, { error: { code, message, errors: [{ message, domain, reason }], status } });
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function messageResource(chat: Chat, m: ChatItem) {
  return {
    kind: 'youtube#liveChatMessage',
    etag: m.id,
    id: m.id,
    snippet: {
      type: 'textMessageEvent',
      liveChatId: chat.id,
      authorChannelId: m.authorChannelId,
      publishedAt: m.publishedAt.toISOString(),
      hasDisplayContent: true,
      displayMessage: m.text,
      textMessageDetails: { messageText: m.text },
    },
    authorDetails: {
      channelId: m.authorChannelId,
      channelUrl: `http://www.youtube.com/channel/${m.authorChannelId}`,
      displayName: m.displayName,
      profileImageUrl: 'https://yt3.ggpht.example/photo.jpg',
      isVerified: false,
      isChatOwner: m.owner,
      isChatSponsor: m.sponsor,
      isChatModerator: m.moderator,
    },
  };
}

export async function startYouTubeStandIn(): Promise<YouTubeStandIn> {
  const clientId = 'standin-client.apps.googleusercontent.com';
  const clientSecret = 'standin-secret';
  const access = new Map<string, Grant>();
  const refresh = new Map<string, Grant>();
  const codes = new Map<string, { grant: Grant; redirectUri: string }>();
  const chats = new Map<string, Chat>();
  const bot = new Map<string, ChatItem[]>();
  const waiters = new Set<() => void>();
  let consent: { account: YouTubeAccount; scopes: string[] } | null = null;
  let pollingInterval = 2000;
  let failure: ApiFailure | null = null;
  let nextId = 1;

  function issue(account: YouTubeAccount, scopes: string[], expiresIn = 3599) {
    const grant = { account, scopes, expiresAt: Date.now() + expiresIn * 1000 };
    const accessToken = token('ya29.');
    const refreshToken = token('1//');
    access.set(accessToken, grant);
    refresh.set(refreshToken, grant);
    return { accessToken, refreshToken, scopes };
  }

  function tokenEndpoint(body: URLSearchParams, res: ServerResponse) {
    const fail = (status: number, error: string, description: string) =>
      send(res, status, { error, error_description: description });
    if (body.get('client_id') !== clientId || body.get('client_secret') !== clientSecret) {
      return fail(401, 'invalid_client', 'The OAuth client was not found.');
    }
    const grantType = body.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = codes.get(body.get('code') ?? '');
      codes.delete(body.get('code') ?? '');
      if (!code) return fail(400, 'invalid_grant', 'Malformed auth code.');
      if (code.redirectUri !== body.get('redirect_uri')) {
        return fail(400, 'redirect_uri_mismatch', 'Bad Request');
      }
      const t = issue(code.grant.account, code.grant.scopes);
      return send(res, 200, {
        access_token: t.accessToken,
        expires_in: 3599,
        refresh_token: t.refreshToken,
        scope: t.scopes.join(' '),
        token_type: 'Bearer',
      });
    }
    if (grantType === 'refresh_token') {
      const grant = refresh.get(body.get('refresh_token') ?? '');
      if (!grant) return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
      const accessToken = token('ya29.');
      access.set(accessToken, { ...grant, expiresAt: Date.now() + 3599_000 });
      standIn.refreshes += 1;
      return send(res, 200, {
        access_token: accessToken,
        expires_in: 3599,
        scope: grant.scopes.join(' '),
        token_type: 'Bearer',
      });
    }
    return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  }

  /** Google's /revoke: a refresh token ends its grant's access tokens too. */
  function revoke(body: URLSearchParams, res: ServerResponse) {
    const t = body.get('token') ?? '';
    standIn.revocations.push(t);
    const grant = refresh.get(t) ?? access.get(t);
    if (!grant)
      return send(res, 400, {
        error: 'invalid_token',
        error_description: 'Token expired or revoked',
      });
    refresh.delete(t);
    access.delete(t);
    for (const [key, g] of access)
      if (g.account.channelId === grant.account.channelId) access.delete(key);
    return send(res, 200, {});
  }

  function authorize(url: URL, res: ServerResponse) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId || !redirectUri) {
      return send(res, 400, {
        error: 'invalid_request',
        error_description: 'client_id or redirect_uri',
      });
    }
    const back = new URL(redirectUri);
    if (q.get('state') !== null) back.searchParams.set('state', q.get('state') ?? '');
    if (!consent) {
      back.searchParams.set('error', 'access_denied');
    } else {
      const asked = (q.get('scope') ?? '').split(' ').filter(Boolean);
      const scopes = asked.filter((s) => consent?.scopes.includes(s));
      const code = token('4/');
      codes.set(code, {
        grant: { account: consent.account, scopes, expiresAt: 0 },
        redirectUri,
      });
      back.searchParams.set('code', code);
      back.searchParams.set('scope', scopes.join(' '));
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  function authorized(req: IncomingMessage, res: ServerResponse): Grant | null {
    const header = req.headers.authorization ?? '';
    const grant = header.startsWith('Bearer ') ? access.get(header.slice(7)) : undefined;
    if (!grant || grant.expiresAt <= Date.now()) {
      standIn.unauthorized += 1;
      googleError(
        res,
        401,
        'authError',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login ' +
          'cookie or other valid authentication credential.',
      );
      return null;
    }
    return grant;
  }

  async function api(req: IncomingMessage, url: URL, res: ServerResponse) {
    const grant = authorized(req, res);
    if (!grant) return;
    const path = url.pathname.slice('/youtube/v3'.length);
    const q = url.searchParams;
    if (path === '/liveChat/messages' && req.method === 'GET') {
      chats.get(q.get('liveChatId') ?? '')?.polls.push(new Date());
    }
    if (failure === 'quotaExceeded') {
      return googleError(
        res,
        403,
        'quotaExceeded',
        'The request cannot be completed because you have exceeded your ' +
          '<a href="/youtube/v3/getting-started#quota">quota</a>.',
      );
    }
    if (failure === 'rateLimitExceeded') {
      return googleError(res, 403, 'rateLimitExceeded', 'The request was sent too frequently.');
    }
    if (!q.get('part')) {
      return googleError(res, 400, 'required', 'Required parameter: part');
    }
    if (path === '/channels' && req.method === 'GET') {
      if (q.get('mine') !== 'true')
        return googleError(res, 400, 'missingRequiredParameter', 'No filter selected.');
      const { channelId, title } = grant.account;
      return send(res, 200, {
        kind: 'youtube#channelListResponse',
        etag: 'e',
        pageInfo: { totalResults: 1, resultsPerPage: 5 },
        items: [
          {
            kind: 'youtube#channel',
            etag: 'e',
            id: channelId,
            snippet: {
              title,
              description: '',
              customUrl: `@${title.toLowerCase()}`,
              publishedAt: '2020-01-01T00:00:00Z',
            },
          },
        ],
      });
    }
    if (path === '/liveBroadcasts' && req.method === 'GET') {
      const filters = ['broadcastStatus', 'id', 'mine'].filter((f) => q.has(f));
      if (filters.length !== 1) {
        return googleError(
          res,
          400,
          'incompatibleParameters',
          'Incompatible parameters specified in the request: specify exactly one of broadcastStatus, id, mine.',
        );
      }
      const live = [...chats.values()].filter(
        (c) => c.channelId === grant.account.channelId && c.offlineAt === null,
      );
      const items = q.get('broadcastStatus') === 'active' || q.get('mine') === 'true' ? live : [];
      return send(res, 200, {
        kind: 'youtube#liveBroadcastListResponse',
        etag: 'e',
        pageInfo: { totalResults: items.length, resultsPerPage: 5 },
        items: items.map((c) => ({
          kind: 'youtube#liveBroadcast',
          etag: 'e',
          id: c.broadcastId,
          snippet: {
            publishedAt: new Date().toISOString(),
            channelId: c.channelId,
            title: 'Live now',
            description: '',
            actualStartTime: new Date().toISOString(),
            liveChatId: c.id,
            isDefaultBroadcast: false,
          },
          status: {
            lifeCycleStatus: 'live',
            privacyStatus: 'public',
            recordingStatus: 'recording',
          },
        })),
      });
    }
    if (path === '/liveChat/messages' && req.method === 'GET') {
      const chat = chats.get(q.get('liveChatId') ?? '');
      if (!chat)
        return googleError(
          res,
          404,
          'liveChatNotFound',
          'The live chat that you are trying to retrieve cannot be found.',
        );
      if (chat.offlineAt && chat.offlineTold) {
        return googleError(res, 403, 'liveChatEnded', 'The specified live chat is no longer live.');
      }
      const pageToken = q.get('pageToken');
      const from = pageToken ? Number(pageToken.replace(/^p/, '')) : 0;
      if (!Number.isInteger(from) || from < 0) {
        return googleError(res, 400, 'pageTokenInvalid', 'The page token is not valid.');
      }
      const items = chat.items.slice(from);
      if (chat.offlineAt) chat.offlineTold = true;
      return send(res, 200, {
        kind: 'youtube#liveChatMessageListResponse',
        etag: 'e',
        pollingIntervalMillis: pollingInterval,
        ...(chat.offlineAt ? { offlineAt: chat.offlineAt.toISOString() } : {}),
        pageInfo: { totalResults: items.length, resultsPerPage: items.length },
        nextPageToken: `p${chat.items.length}`,
        items: items.map((m) => messageResource(chat, m)),
      });
    }
    if (path === '/liveChat/messages' && req.method === 'POST') {
      let body: {
        snippet?: {
          liveChatId?: string;
          type?: string;
          textMessageDetails?: { messageText?: string };
        };
      };
      try {
        body = JSON.parse(await readBody(req)) as typeof body;
      } catch {
        return googleError(res, 400, 'parseError', 'Parse Error');
      }
      const chat = chats.get(body.snippet?.liveChatId ?? '');
      if (!chat) return googleError(res, 404, 'liveChatNotFound', 'The live chat cannot be found.');
      if (chat.offlineAt)
        return googleError(res, 403, 'liveChatEnded', 'The specified live chat is no longer live.');
      if (!grant.scopes.some((s) => s.endsWith('/youtube.force-ssl') || s.endsWith('/youtube'))) {
        return googleError(
          res,
          403,
          'insufficientPermissions',
          'Request had insufficient authentication scopes.',
        );
      }
      const text = body.snippet?.textMessageDetails?.messageText ?? '';
      if (body.snippet?.type !== 'textMessageEvent' || text === '' || text.length > 200) {
        return googleError(
          res,
          400,
          'invalidValue',
          'The message text is missing or longer than 200 characters.',
        );
      }
      const own = grant.account.channelId === chat.channelId;
      const item = add(
        chat,
        { channelId: grant.account.channelId, displayName: grant.account.title, owner: own },
        text,
      );
      bot.set(chat.id, [...(bot.get(chat.id) ?? []), item]);
      for (const wake of waiters) wake();
      return send(res, 200, messageResource(chat, item));
    }
    return googleError(res, 404, 'notFound', `Not Found: ${req.method ?? ''} ${path}`);
  }

  function add(chat: Chat, viewer: YouTubeViewer, text: string): ChatItem {
    const item: ChatItem = {
      id: `LCC.${nextId++}`,
      authorChannelId: viewer.channelId ?? `UCviewer${viewer.displayName.replace(/\W/g, '')}`,
      displayName: viewer.displayName,
      text,
      publishedAt: new Date(),
      owner: viewer.owner ?? false,
      moderator: viewer.moderator ?? false,
      sponsor: viewer.sponsor ?? false,
    };
    chat.items.push(item);
    return item;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async () => {
      if (url.pathname === '/o/oauth2/v2/auth' && req.method === 'GET') return authorize(url, res);
      if (url.pathname === '/token' && req.method === 'POST') {
        return tokenEndpoint(new URLSearchParams(await readBody(req)), res);
      }
      if (url.pathname === '/revoke' && req.method === 'POST') {
        return revoke(new URLSearchParams(await readBody(req)), res);
      }
      if (url.pathname.startsWith('/youtube/v3/')) return api(req, url, res);
      send(res, 404, { error: 'not found' });
    };
    handle().catch((err: unknown) => send(res, 500, { error: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const standIn: YouTubeStandIn = {
    url,
    authUrl: `${url}/o/oauth2/v2/auth`,
    tokenUrl: `${url}/token`,
    apiUrl: `${url}/youtube/v3`,
    clientId,
    clientSecret,
    refreshes: 0,
    revocations: [],
    unauthorized: 0,
    consentAs(account, scopes = YOUTUBE_SCOPES) {
      consent = { account, scopes };
    },
    issueTokens: (account, expiresIn) => issue(account, YOUTUBE_SCOPES, expiresIn),
    goLive(channelId) {
      const id = `Cg0KC${randomBytes(6).toString('base64url')}`;
      chats.set(id, {
        id,
        broadcastId: `b${nextId++}`,
        channelId,
        items: [],
        polls: [],
        offlineAt: null,
        offlineTold: false,
      });
      return id;
    },
    endChat(liveChatId) {
      const chat = chats.get(liveChatId);
      if (chat) chat.offlineAt = new Date();
    },
    viewerSays(liveChatId, viewer, text) {
      const chat = chats.get(liveChatId);
      if (!chat) throw new Error(`no live chat ${liveChatId}`);
      return add(chat, viewer, text);
    },
    botMessages: (liveChatId) => [...(bot.get(liveChatId) ?? [])],
    async waitForBotMessage(liveChatId, match, timeoutMs = 10_000) {
      return new Promise<ChatItem>((resolve, reject) => {
        const check = () => {
          const found = (bot.get(liveChatId) ?? []).find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching bot message in ${liveChatId} within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    polls: (liveChatId) => [...(chats.get(liveChatId)?.polls ?? [])],
    setPollingInterval(ms) {
      pollingInterval = ms;
    },
    failWith(reason) {
      failure = reason;
    },
    revokeRefreshToken(refreshToken) {
      refresh.delete(refreshToken);
    },
    expireAccessToken(accessToken) {
      const grant = access.get(accessToken);
      if (grant) access.set(accessToken, { ...grant, expiresAt: 0 });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}
