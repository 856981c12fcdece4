// The YouTube Data API v3 calls live chat needs, with plain fetch and a bearer
// token: the account's channel, its active broadcast, a page of live chat
// messages and posting a message. Google's error body carries a `reason`
// (quotaExceeded, rateLimitExceeded, liveChatEnded …) that the reader acts on.
import { z } from 'zod';

export class YouTubeApiError extends Error {
  override name = 'YouTubeApiError';
  /** HTTP status; 0 when YouTube could not be reached. */
  readonly status: number;
  /** Google's errors[0].reason, e.g. quotaExceeded; '' when there was none. */
  readonly reason: string;
  constructor(status: number, reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
    this.reason = reason;
  }
}

const errorBody = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});

const channelList = z.object({
  items: z
    .array(z.object({ id: z.string(), snippet: z.object({ title: z.string() }) }))
    .default([]),
});

const broadcastList = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        snippet: z.object({ liveChatId: z.string().optional() }),
        status: z.object({ lifeCycleStatus: z.string().optional() }).optional(),
      }),
    )
    .default([]),
});

const chatMessage = z.object({
  id: z.string(),
  snippet: z.object({
    type: z.string(),
    publishedAt: z.string(),
    displayMessage: z.string().optional(),
    textMessageDetails: z.object({ messageText: z.string() }).optional(),
  }),
  authorDetails: z.object({
    channelId: z.string(),
    displayName: z.string(),
    isChatOwner: z.boolean().default(false),
    isChatModerator: z.boolean().default(false),
    isChatSponsor: z.boolean().default(false),
  }),
});
export type LiveChatMessage = z.output<typeof chatMessage>;

const messagePage = z.object({
  nextPageToken: z.string().optional(),
  pollingIntervalMillis: z.number().optional(),
  offlineAt: z.string().optional(),
  items: z.array(chatMessage).default([]),
});
export type LiveChatPage = z.output<typeof messagePage>;

export interface YouTubeApiOptions {
  apiUrl: string;
  timeoutMs?: number;
}

export function createYouTubeApi(options: YouTubeApiOptions) {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<S extends z.ZodType>(
    token: string,
    what: string,
    path: string,
    schema: S,
    init: RequestInit = {},
  ): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await fetch(`${options.apiUrl}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new YouTubeApiError(0, '', `could not reach YouTube for ${what}`, { cause });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const e = errorBody.safeParse(body);
      const reason = e.success ? (e.data.error.errors?.[0]?.reason ?? '') : '';
      const message = e.success ? (e.data.error.message ?? '') : text.slice(0, 200);
      throw new YouTubeApiError(
        res.status,
        reason,
        `YouTube refused ${what} (HTTP ${res.status}${reason ? ` ${reason}` : ''}: ${message})`,
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new YouTubeApiError(
        res.status,
        'badAnswer',
        `YouTube's answer to ${what} is not in the expected shape`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  return {
    /** The channel the token belongs to. */
    async myChannel(token: string): Promise<{ id: string; title: string }> {
      const list = await call(
        token,
        'the channel lookup',
        '/channels?part=snippet&mine=true',
        channelList,
      );
      const channel = list.items[0];
      if (!channel) {
        throw new YouTubeApiError(
          404,
          'channelNotFound',
          'this Google account has no YouTube channel',
        );
      }
      return { id: channel.id, title: channel.snippet.title };
    },

    /** The account's live broadcast with a chat (scheduled or persistent), if any. */
    async activeBroadcast(token: string): Promise<{ id: string; liveChatId: string } | null> {
      // broadcastStatus is the one filter (it implies the token's own broadcasts);
      // broadcastType=all includes the persistent "stream now" broadcast.
      const list = await call(
        token,
        'the broadcast search',
        '/liveBroadcasts?part=snippet,status&broadcastStatus=active&broadcastType=all&maxResults=5',
        broadcastList,
      );
      const live = list.items.find((b) => b.snippet.liveChatId);
      return live?.snippet.liveChatId ? { id: live.id, liveChatId: live.snippet.liveChatId } : null;
    },

    messages(token: string, liveChatId: string, pageToken: string | null): Promise<LiveChatPage> {
      const q = new URLSearchParams({
        liveChatId,
        part: 'snippet,authorDetails',
        maxResults: '2000',
      });
      if (pageToken) q.set('pageToken', pageToken);
      return call(token, 'reading the live chat', `/liveChat/messages?${q}`, messagePage);
    },

    async insert(token: string, liveChatId: string, text: string): Promise<void> {
      await call(
        token,
        'posting in the live chat',
        '/liveChat/messages?part=snippet',
        z.unknown(),
        {
          method: 'POST',
          body: JSON.stringify({
            snippet: {
              liveChatId,
              type: 'textMessageEvent',
              textMessageDetails: { messageText: text },
            },
          }),
        },
      );
    },
  };
}

export type YouTubeApi = ReturnType<typeof createYouTubeApi>;
