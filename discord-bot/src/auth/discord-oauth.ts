// Discord login, OAuth2 authorization-code flow (scopes `identify guilds`): the
// consent URL, then code → tokens (POST {DISCORD_API_URL}/v10/oauth2/token) →
// who the user is (GET /users/@me) and where they may manage the server
// (GET /users/@me/guilds: Manage Server 0x20 or Administrator 0x8, or owner).
import type { DiscordOAuthConfig } from './auth-config.ts';

export const SCOPES = ['identify', 'guilds'];
const MANAGE_GUILD = 0x20n;
const ADMINISTRATOR = 0x8n;
const TIMEOUT_MS = 10_000;

export class DiscordOAuthError extends Error {
  override name = 'DiscordOAuthError';
  /** rejected: Discord refused the code (400); unavailable: Discord failed or was unreachable. */
  readonly kind: 'rejected' | 'unavailable';

  constructor(kind: 'rejected' | 'unavailable', message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface DiscordLogin {
  discordId: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  managedGuildIds: string[];
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

export interface DiscordOAuth {
  redirectUri: string;
  authorizeUrl(state: string): string;
  /** Exchanges the code and reads the user and their guilds. */
  complete(code: string): Promise<DiscordLogin>;
  /** The guilds the token's user manages now; 'rejected' when Discord no longer takes the token. */
  managedGuilds(accessToken: string): Promise<string[]>;
  /** New tokens for a refresh token; 'rejected' when Discord refuses it. */
  refresh(refreshToken: string): Promise<DiscordTokenSet>;
}

export interface DiscordTokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date | null;
}

/** Whether a permissions string (a decimal bit set) includes Manage Server or Administrator. */
export function canManageGuild(guild: { permissions?: unknown; owner?: unknown }): boolean {
  if (guild.owner === true) return true;
  const raw = guild.permissions;
  if (typeof raw !== 'string' || !/^\d{1,30}$/.test(raw)) return false;
  return (BigInt(raw) & (MANAGE_GUILD | ADMINISTRATOR)) !== 0n;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

const str = (value: unknown) => (typeof value === 'string' ? value : null);

export function createDiscordOAuth(config: DiscordOAuthConfig): DiscordOAuth | undefined {
  const { clientId, clientSecret, apiUrl } = config;
  if (clientId === undefined || clientSecret === undefined) return undefined;

  async function call(path: string, init: RequestInit): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${apiUrl}/v10${path}`, {
        ...init,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new DiscordOAuthError(
        'unavailable',
        `Discord could not be reached at ${apiUrl} (${(err as Error).message})`,
      );
    }
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }

  async function bearer(path: string, accessToken: string) {
    const { status, body } = await call(path, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (status === 401) {
      throw new DiscordOAuthError('rejected', `Discord no longer accepts this user's token`);
    }
    if (status !== 200) {
      throw new DiscordOAuthError('unavailable', `Discord answered GET ${path} with ${status}`);
    }
    return body;
  }

  async function token(form: Record<string, string>) {
    const { status, body } = await call('/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...form,
        client_id: clientId as string,
        client_secret: clientSecret as string,
      }).toString(),
    });
    const t = record(body);
    if (status === 400 || status === 401) {
      const why = str(t.error_description) ?? str(t.error) ?? `status ${status}`;
      throw new DiscordOAuthError('rejected', why);
    }
    const accessToken = str(t.access_token);
    if (status !== 200 || accessToken === null) {
      throw new DiscordOAuthError('unavailable', `Discord's token endpoint answered ${status}`);
    }
    const expiresIn = typeof t.expires_in === 'number' ? t.expires_in : null;
    return {
      accessToken,
      refreshToken: str(t.refresh_token),
      expiresAt: expiresIn === null ? null : new Date(Date.now() + expiresIn * 1000),
      scopes: (str(t.scope) ?? '').split(' '),
    };
  }

  async function managedGuilds(accessToken: string) {
    const guilds = await bearer('/users/@me/guilds', accessToken);
    if (!Array.isArray(guilds)) {
      throw new DiscordOAuthError('unavailable', 'Discord sent a guild list we cannot read');
    }
    return guilds
      .map(record)
      .filter(canManageGuild)
      .map((g) => str(g.id))
      .filter((id): id is string => id !== null);
  }

  return {
    redirectUri: config.redirectUri,
    authorizeUrl(state) {
      const q = new URLSearchParams({
        response_type: 'code',
        client_id: clientId,
        scope: SCOPES.join(' '),
        redirect_uri: config.redirectUri,
        state,
        prompt: 'consent',
      });
      return `${config.oauthUrl}/authorize?${q.toString()}`;
    },

    async complete(code) {
      let t;
      try {
        t = await token({
          grant_type: 'authorization_code',
          code,
          redirect_uri: config.redirectUri,
        });
      } catch (err) {
        if (err instanceof DiscordOAuthError && err.kind === 'rejected') {
          throw new DiscordOAuthError(
            'rejected',
            `Discord refused the login code (${err.message}); start again at /auth/discord/login`,
          );
        }
        throw err;
      }
      if (!SCOPES.every((s) => t.scopes.includes(s))) {
        throw new DiscordOAuthError(
          'rejected',
          `Discord granted "${t.scopes.join(' ')}", not "${SCOPES.join(' ')}"; start again`,
        );
      }
      const me = record(await bearer('/users/@me', t.accessToken));
      const discordId = str(me.id);
      if (discordId === null || !/^\d{17,20}$/.test(discordId)) {
        throw new DiscordOAuthError('unavailable', 'Discord sent a user we cannot read');
      }
      return {
        discordId,
        username: str(me.username) ?? discordId,
        globalName: str(me.global_name),
        avatar: str(me.avatar),
        managedGuildIds: await managedGuilds(t.accessToken),
        accessToken: t.accessToken,
        refreshToken: t.refreshToken,
        expiresAt: t.expiresAt,
      };
    },

    managedGuilds,

    async refresh(refreshToken) {
      const t = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
      return { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: t.expiresAt };
    },
  };
}
