// Sessions on the HTTP side, for any service with a `sessions` table: the cookie,
// who is signed in (currentUser), the guard that keeps /api/* behind a login
// (except /api/info and /api/auth/*), and the cross-site check on state-changing
// requests. The user type and the cookie's name are the service's.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { errorBody } from '../runtime/http-errors.ts';
import type { OpenSession, SessionStore } from './session-store.ts';

export interface SessionKitOptions<U> {
  sessions: SessionStore<U>;
  /** e.g. 'sb_session'. */
  cookieName: string;
  /** PUBLIC_URL: its origin is always allowed, and https there makes the cookie Secure. */
  publicUrl: string;
  /** How a 401 without a cookie says to log in, e.g. 'POST /api/auth/login or /auth/twitch/login'. */
  loginHint: string;
  /** What currentUser throws on a route the guard lets through without a session. */
  unauthenticated(message: string): Error;
}

export interface SessionKit<U> {
  readonly cookieName: string;
  readonly publicUrl: string;
  readonly sessions: SessionStore<U>;
  /** For /api/*: the cross-site check, then the session, then 401 unless the path is public. */
  guard(): MiddlewareHandler;
  /** The signed-in user; throws unauthenticated on a route the guard does not cover. */
  currentUser(c: Context): U;
  /** The user when there is a session, else null (for public routes such as /api/auth/me). */
  optionalUser(c: Context): U | null;
  /** Ends the request's old session (if any), starts one for userId and sets its cookie. */
  begin(c: Context, userId: string): Promise<void>;
  /** Ends the request's session (if any) and clears its cookie. */
  end(c: Context): Promise<void>;
  setCookie(c: Context, session: { token: string; expiresAt: Date }): void;
  clearCookie(c: Context): void;
}

export function isPublicApiPath(path: string): boolean {
  return path === '/api/info' || path === '/api/auth' || path.startsWith('/api/auth/');
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function originOf(value: string | undefined): URL | undefined {
  if (!value || value === 'null' || !URL.canParse(value)) return undefined;
  return new URL(value);
}

/**
 * Whether the request comes from a page of this service: its Origin (or Referer)
 * is PUBLIC_URL's origin, or names the host the request was sent to.
 */
export function fromOwnOrigin(c: Context, publicUrl: string): boolean {
  const origin = originOf(c.req.header('origin')) ?? originOf(c.req.header('referer'));
  if (!origin) return false;
  if (origin.origin === new URL(publicUrl).origin) return true;
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  return origin.host === host;
}

const KEY = 'homelab.session';
type Vars<U> = Context<{ Variables: Record<typeof KEY, OpenSession<U> | undefined> }>;

/** The request's session as the guard found it; undefined on a public route without one. */
export function sessionOf<U>(c: Context): OpenSession<U> | undefined {
  return (c as unknown as Vars<U>).get(KEY);
}

export function createSessionKit<U>(options: SessionKitOptions<U>): SessionKit<U> {
  const { sessions, cookieName, publicUrl } = options;
  const secure = publicUrl.startsWith('https:');

  const kit: SessionKit<U> = {
    cookieName,
    publicUrl,
    sessions,

    guard: () => async (c, next) => {
      const token = getCookie(c, cookieName);
      if (UNSAFE.has(c.req.method)) {
        const claimed = c.req.header('origin') ?? c.req.header('referer');
        // With the cookie, the origin must be proven; without, a foreign one is still refused
        // (no logging in a victim's browser from another site).
        if ((token !== undefined || claimed !== undefined) && !fromOwnOrigin(c, publicUrl)) {
          return c.json(
            errorBody(
              'forbidden',
              claimed === undefined
                ? `${c.req.method} with a session cookie needs an Origin or Referer header of this site`
                : `cross-site request refused: ${claimed} is not ${new URL(publicUrl).origin} ` +
                    'or this host (set PUBLIC_URL to the address browsers use)',
            ),
            403,
          );
        }
      }
      const session = token ? await sessions.lookup(token) : null;
      (c as unknown as Vars<U>).set(KEY, session ?? undefined);
      if (!session && !isPublicApiPath(c.req.path)) {
        if (token !== undefined) deleteCookie(c, cookieName, { path: '/' });
        return c.json(
          errorBody(
            'unauthenticated',
            token === undefined
              ? `log in first (${options.loginHint})`
              : 'your session has ended; log in again',
          ),
          401,
        );
      }
      await next();
    },

    currentUser(c) {
      const user = sessionOf<U>(c)?.user;
      if (user === undefined) throw options.unauthenticated('log in first');
      return user;
    },

    optionalUser: (c) => sessionOf<U>(c)?.user ?? null,

    async begin(c, userId) {
      const old = getCookie(c, cookieName);
      if (old !== undefined) await sessions.delete(old);
      kit.setCookie(c, await sessions.create(userId));
    },

    async end(c) {
      const token = getCookie(c, cookieName);
      if (token !== undefined) await sessions.delete(token);
      kit.clearCookie(c);
    },

    setCookie(c, session) {
      setCookie(c, cookieName, session.token, {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
        secure,
        expires: session.expiresAt,
      });
    },

    clearCookie(c) {
      deleteCookie(c, cookieName, { path: '/', httpOnly: true, sameSite: 'Lax', secure });
    },
  };
  return kit;
}
