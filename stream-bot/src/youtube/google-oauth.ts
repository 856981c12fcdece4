// Google's OAuth 2.0 authorization-code flow for a YouTube account, spoken with
// plain fetch: the consent URL (offline access, so a refresh token comes back),
// the code exchange and the refresh grant. Google's refusals (invalid_grant …)
// become a GoogleAuthError of kind 'rejected'; the way there failing, 'failed'.
import { z } from 'zod';

/** Reading the live chat needs youtube.readonly; posting in it (liveChatMessages.insert) youtube.force-ssl. */
export const YOUTUBE_SCOPES = [
  'https://www.googleapis.com/auth/youtube.readonly',
  'https://www.googleapis.com/auth/youtube.force-ssl',
];

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  authUrl: string;
  tokenUrl: string;
  timeoutMs?: number;
}

export class GoogleAuthError extends Error {
  override name = 'GoogleAuthError';
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
  scope: z.string().optional(),
});

export interface GoogleTokens {
  accessToken: string;
  /** Null when Google gave none (a refresh keeps the old one). */
  refreshToken: string | null;
  expiresAt: Date | null;
  scopes: string[];
}

export function createGoogleOAuth(config: GoogleOAuthConfig) {
  const timeoutMs = config.timeoutMs ?? 10_000;

  async function grant(what: string, params: Record<string, string>): Promise<GoogleTokens> {
    let res: Response;
    try {
      res = await fetch(config.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: config.clientId,
          client_secret: config.clientSecret,
          ...params,
        }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new GoogleAuthError('failed', `could not reach Google for ${what}`, { cause });
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!res.ok) {
      const b = (body ?? {}) as { error?: unknown; error_description?: unknown };
      const detail = [b.error, b.error_description].filter((x) => typeof x === 'string').join(': ');
      throw new GoogleAuthError(
        res.status >= 500 ? 'failed' : 'rejected',
        `Google refused ${what} (HTTP ${res.status}: ${detail || text.slice(0, 200)})`,
      );
    }
    const parsed = tokenAnswer.safeParse(body);
    if (!parsed.success) {
      throw new GoogleAuthError(
        'failed',
        `Google's answer to ${what} is not in the expected shape`,
        {
          cause: parsed.error,
        },
      );
    }
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresAt: t.expires_in === undefined ? null : new Date(Date.now() + t.expires_in * 1000),
      scopes: (t.scope ?? '').split(' ').filter(Boolean),
    };
  }

  return {
    redirectUri: config.redirectUri,

    authorizeUrl(state: string): string {
      const url = new URL(config.authUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', config.clientId);
      url.searchParams.set('redirect_uri', config.redirectUri);
      url.searchParams.set('scope', YOUTUBE_SCOPES.join(' '));
      // A refresh token comes back only with offline access, and on a repeat consent only with prompt=consent.
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
      url.searchParams.set('include_granted_scopes', 'true');
      url.searchParams.set('state', state);
      return url.toString();
    },

    exchange: (code: string) =>
      grant('the connect code', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: config.redirectUri,
      }),

    refresh: (refreshToken: string) =>
      grant('the token refresh', { grant_type: 'refresh_token', refresh_token: refreshToken }),

    /**
     * Revokes a token (a refresh token revokes the whole grant) at the token URL's sibling
     * /revoke, as Google's endpoint is. An unknown token counts as revoked.
     */
    async revoke(token: string): Promise<void> {
      const url = config.tokenUrl.replace(/\/token$/, '/revoke');
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        throw new GoogleAuthError('failed', 'could not reach Google to revoke the token', {
          cause,
        });
      }
      if (!res.ok && res.status !== 400) {
        throw new GoogleAuthError('failed', `Google refused the revocation (HTTP ${res.status})`);
      }
    },
  };
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;
