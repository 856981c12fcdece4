// Discord's OAuth2 login on the Discord stand-in (discord-stand-in.ts): installed
// with installDiscordOAuth(standIn), it adds the routes a web login uses, so a
// service's "Log in with Discord" runs end to end against it.
//
//   GET  /oauth2/authorize                   the consent page: consents at once as the account
//                                            set with consentAs() (302 to redirect_uri with
//                                            code + state), or denies (error=access_denied)
//   POST /api[/v10]/oauth2/token             grant_type authorization_code (a code once, within
//                                            10 minutes, same redirect_uri) or refresh_token
//                                            (rotated); client id + secret in the body or Basic
//   GET  /api[/v10]/users/@me                Bearer: the account's user (Bot token: the bot)
//   GET  /api[/v10]/users/@me/guilds         Bearer: its guilds, permissions as decimal strings
//
// The service's variables: DISCORD_OAUTH_URL = standIn.url + '/oauth2', DISCORD_API_URL =
// standIn.apiUrl, DISCORD_CLIENT_ID / DISCORD_CLIENT_SECRET from env(). Wrong input is answered
// as Discord does (400 invalid_grant, 401 invalid_client, 401 for an unknown access token).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DiscordStandIn, RouteHandler, StandInUser } from './discord-stand-in.ts';

export const MANAGE_GUILD = 0x20n;
export const ADMINISTRATOR = 0x8n;

export interface OAuthGuild {
  id: string;
  name: string;
  /** The user's permissions there (owner: all). */
  permissions: bigint;
  owner?: boolean;
}

export interface OAuthAccount {
  user: StandInUser;
  guilds: OAuthGuild[];
}

export interface IssuedToken {
  account: OAuthAccount;
  accessToken: string;
  refreshToken: string;
  scope: string;
  revoked: boolean;
}

export interface DiscordOAuthStandIn {
  clientId: string;
  clientSecret: string;
  /** standIn.url + '/oauth2' (DISCORD_OAUTH_URL). */
  oauthUrl: string;
  /** Who the next consents are given as, or 'deny' (the user presses Cancel). */
  consentAs(account: OAuthAccount | 'deny'): void;
  /** Every token pair issued, newest last. */
  tokens: IssuedToken[];
  /** The service variables for a login through this stand-in. */
  env(): Record<string, string>;
}

const random = () => randomBytes(24).toString('base64url');

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(302, { location });
  res.end();
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice('Bearer '.length) : undefined;
}

export function installDiscordOAuth(
  standIn: DiscordStandIn,
  options: { clientId?: string; clientSecret?: string } = {},
): DiscordOAuthStandIn {
  const clientId = options.clientId ?? standIn.applicationId;
  const clientSecret = options.clientSecret ?? `secret-${random()}`;
  let consent: OAuthAccount | 'deny' = 'deny';
  const codes = new Map<
    string,
    { account: OAuthAccount; redirectUri: string; scope: string; expiresAt: number }
  >();
  const tokens: IssuedToken[] = [];

  standIn.route('GET', '/oauth2/authorize', (_req, res, { url }) => {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== clientId || !redirectUri || !URL.canParse(redirectUri)) {
      return send(res, 400, { message: 'Invalid OAuth2 application or redirect_uri', code: 50035 });
    }
    if (q.get('response_type') !== 'code') {
      return send(res, 400, { message: 'Invalid response_type', code: 50035 });
    }
    const back = new URL(redirectUri);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (consent === 'deny') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set(
        'error_description',
        'The resource owner or authorization server denied the request',
      );
      return redirect(res, back.toString());
    }
    const code = random();
    codes.set(code, {
      account: consent,
      redirectUri,
      scope: q.get('scope') ?? '',
      expiresAt: Date.now() + 600_000,
    });
    back.searchParams.set('code', code);
    redirect(res, back.toString());
  });

  const token: RouteHandler = (req, res, { body }) => {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, string>;
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = req.headers.authorization ?? '';
    if (basic.startsWith('Basic ')) {
      [id, secret] = Buffer.from(basic.slice(6), 'base64').toString('utf8').split(':');
    }
    if (id !== clientId || secret !== clientSecret) {
      return send(res, 401, { error: 'invalid_client' });
    }
    const issue = (account: OAuthAccount, scope: string) => {
      const t: IssuedToken = {
        account,
        accessToken: random(),
        refreshToken: random(),
        scope,
        revoked: false,
      };
      tokens.push(t);
      send(res, 200, {
        access_token: t.accessToken,
        token_type: 'Bearer',
        expires_in: 604_800,
        refresh_token: t.refreshToken,
        scope,
      });
    };
    if (form.grant_type === 'authorization_code') {
      const grant = codes.get(form.code ?? '');
      codes.delete(form.code ?? '');
      if (!grant || grant.expiresAt < Date.now()) {
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid "code" in request.',
        });
      }
      if (form.redirect_uri !== grant.redirectUri) {
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Invalid "redirect_uri" in request.',
        });
      }
      return issue(grant.account, grant.scope);
    }
    if (form.grant_type === 'refresh_token') {
      const old = tokens.find((t) => t.refreshToken === form.refresh_token && !t.revoked);
      if (!old) return send(res, 400, { error: 'invalid_grant' });
      old.revoked = true;
      return issue(old.account, old.scope);
    }
    send(res, 400, { error: 'unsupported_grant_type' });
  };

  const accountOf = (req: IncomingMessage) => {
    const access = bearer(req);
    return tokens.find((t) => t.accessToken === access && !t.revoked);
  };

  const me: RouteHandler = (req, res) => {
    if (req.headers.authorization === `Bot ${standIn.token}`)
      return send(res, 200, standIn.botUser);
    const t = accountOf(req);
    if (!t) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    send(res, 200, t.account.user);
  };

  const myGuilds: RouteHandler = (req, res) => {
    const t = accountOf(req);
    if (!t) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    if (!t.scope.split(' ').includes('guilds')) {
      return send(res, 403, { message: 'Missing Access', code: 50001 });
    }
    send(
      res,
      200,
      t.account.guilds.map((g) => ({
        id: g.id,
        name: g.name,
        icon: null,
        banner: null,
        owner: g.owner === true,
        permissions: String(g.owner ? (1n << 51n) - 1n : g.permissions),
        features: [],
      })),
    );
  };

  for (const base of ['/api', '/api/v10']) {
    standIn.route('POST', `${base}/oauth2/token`, token);
    standIn.route('GET', `${base}/users/@me`, me);
    standIn.route('GET', `${base}/users/@me/guilds`, myGuilds);
  }

  return {
    clientId,
    clientSecret,
    oauthUrl: `${standIn.url}/oauth2`,
    consentAs(account) {
      consent = account;
    },
    tokens,
    env: () => ({
      DISCORD_CLIENT_ID: clientId,
      DISCORD_CLIENT_SECRET: clientSecret,
      DISCORD_OAUTH_URL: `${standIn.url}/oauth2`,
      DISCORD_API_URL: standIn.apiUrl,
    }),
  };
}
