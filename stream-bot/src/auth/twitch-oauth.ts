// Twitch's authorization-code flow, spoken with plain fetch: the consent URL,
// the code exchange, and who the token belongs to (/validate for the id, login
// and scopes, Helix /users for the display name). Any answer from Twitch that
// is not what the flow needs becomes a TwitchOAuthError with a clear message.
import { z } from 'zod';

export const TWITCH_SCOPES = ['chat:read', 'chat:edit'];

export interface TwitchOAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authUrl: string;
  apiUrl: string;
  timeoutMs?: number;
}

export class TwitchOAuthError extends Error {
  override name = 'TwitchOAuthError';
  /** 'rejected': Twitch said no to what the browser brought (bad code); 'failed': Twitch or the way there. */
  readonly kind: 'rejected' | 'failed';
  constructor(kind: 'rejected' | 'failed', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().optional(),
  scope: z.array(z.string()).optional(),
});

const validateAnswer = z.object({
  client_id: z.string(),
  login: z.string().min(1),
  user_id: z.string().min(1),
  scopes: z.array(z.string()).nullable().optional(),
  expires_in: z.number().optional(),
});

const usersAnswer = z.object({
  data: z.array(z.object({ id: z.string(), login: z.string(), display_name: z.string() })),
});

export interface TwitchLogin {
  twitchId: string;
  login: string;
  displayName: string;
  scopes: string[];
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export function createTwitchOAuth(config: TwitchOAuthConfig) {
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function call<S extends z.ZodType>(
    what: string,
    url: string,
    init: RequestInit,
    schema: S,
  ): Promise<z.output<S>> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new TwitchOAuthError('failed', `could not reach Twitch for ${what}`, { cause });
    }
    const text = await res.text();
    if (!res.ok) {
      let detail = text.slice(0, 200);
      try {
        const body = JSON.parse(text) as { message?: unknown };
        if (typeof body.message === 'string') detail = body.message;
      } catch {
        // not JSON: keep the text
      }
      throw new TwitchOAuthError(
        res.status >= 500 ? 'failed' : 'rejected',
        `Twitch refused ${what} (HTTP ${res.status}: ${detail})`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (cause) {
      throw new TwitchOAuthError('failed', `Twitch answered ${what} with something not JSON`, {
        cause,
      });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw new TwitchOAuthError(
        'failed',
        `Twitch's answer to ${what} is not in the expected shape`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  }

  return {
    redirectUri: config.redirectUri,

    authorizeUrl(state: string): string {
      const url = new URL(`${config.authUrl}/authorize`);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('scope', TWITCH_SCOPES.join(' '));
      url.searchParams.set('state', state);
      return url.toString();
    },

    /** Exchanges the code and finds out whose token it is. Writes nothing. */
    async complete(code: string): Promise<TwitchLogin> {
      const token = await call(
        'the login code',
        `${config.authUrl}/token`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            client_id: config.clientId,
            client_secret: config.clientSecret,
            code,
            grant_type: 'authorization_code',
            redirect_uri: config.redirectUri,
          }),
        },
        tokenAnswer,
      );
      const who = await call(
        'the token check',
        `${config.authUrl}/validate`,
        { headers: { authorization: `OAuth ${token.access_token}` } },
        validateAnswer,
      );
      if (who.client_id !== config.clientId) {
        throw new TwitchOAuthError('rejected', 'the token Twitch gave belongs to another app');
      }
      const users = await call(
        'the user lookup',
        `${config.apiUrl}/users?id=${encodeURIComponent(who.user_id)}`,
        {
          headers: { 'client-id': config.clientId, authorization: `Bearer ${token.access_token}` },
        },
        usersAnswer,
      );
      const user = users.data.find((u) => u.id === who.user_id);
      if (!user) throw new TwitchOAuthError('failed', `Twitch does not know user ${who.user_id}`);
      return {
        twitchId: who.user_id,
        login: user.login.toLowerCase(),
        displayName: user.display_name || user.login,
        scopes: token.scope ?? who.scopes ?? [],
        accessToken: token.access_token,
        refreshToken: token.refresh_token ?? null,
        expiresAt:
          token.expires_in === undefined ? null : new Date(Date.now() + token.expires_in * 1000),
      };
    },
  };
}

export type TwitchOAuth = ReturnType<typeof createTwitchOAuth>;
