// Sessions on the HTTP side: the cookie, who is signed in (currentUser), the
// guard that keeps /api/* behind a login (except /api/info and /api/auth/*),
// and the cross-site check on state-changing requests that carry the cookie.
import type { Context, Env, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { OpenSession, SessionStore } from '../db/session-store.ts';
import type { SessionUser } from '../db/user-store.ts';
import { DomainError } from '../domain/errors.ts';

export type { SessionUser } from '../db/user-store.ts';

export const SESSION_COOKIE = 'sb_session';

interface SessionVariables {
  /** Set by the session guard on /api/*; undefined only on the public routes. */
  user: SessionUser | undefined;
  session: OpenSession | undefined;
}

// Every context knows these variables, so routers of any Env type can read them.
declare module 'hono' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface ContextVariableMap extends SessionVariables {}
}

/** For routers that want the variables in their own Env type: new Hono<AppEnv>(). */
export interface AppEnv extends Env {
  Variables: SessionVariables;
}

export interface SessionDeps {
  sessions: SessionStore;
  /** PUBLIC_URL: its origin is always allowed, and https there makes the cookie Secure. */
  publicUrl: string;
}

/** The signed-in user; throws unauthenticated on a route the guard does not cover. */
export function currentUser<E extends Env>(c: Context<E>): SessionUser {
  const user = (c as unknown as Context).get('user');
  if (!user) throw new DomainError('unauthenticated', 'log in first');
  return user;
}

/** The user when there is a session, else null (for public routes such as /api/auth/me). */
export function optionalUser<E extends Env>(c: Context<E>): SessionUser | null {
  return (c as unknown as Context).get('user') ?? null;
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

function forbidden(c: Context, message: string) {
  return c.json({ error: { code: 'forbidden', message } }, 403);
}

/** For /api/*: the cross-site check, then the session, then 401 unless the path is public. */
export function sessionGuard(deps: SessionDeps): MiddlewareHandler {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (UNSAFE.has(c.req.method)) {
      const claimed = c.req.header('origin') ?? c.req.header('referer');
      // With the cookie, the origin must be proven; without, a foreign one is still refused
      // (no logging in a victim's browser from another site).
      if ((token !== undefined || claimed !== undefined) && !fromOwnOrigin(c, deps.publicUrl)) {
        return forbidden(
          c,
          claimed === undefined
            ? `${c.req.method} with a session cookie needs an Origin or Referer header of this site`
            : `cross-site request refused: ${claimed} is not ${new URL(deps.publicUrl).origin} ` +
                'or this host (set PUBLIC_URL to the address browsers use)',
        );
      }
    }
    const session = token ? await deps.sessions.lookup(token) : null;
    c.set('session', session ?? undefined);
    c.set('user', session?.user);
    if (!session && !isPublicApiPath(c.req.path)) {
      if (token !== undefined) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.json(
        {
          error: {
            code: 'unauthenticated',
            message:
              token === undefined
                ? 'log in first (POST /api/auth/login or /auth/twitch/login)'
                : 'your session has ended; log in again',
          },
        },
        401,
      );
    }
    await next();
  };
}

export function setSessionCookie(
  c: Context,
  publicUrl: string,
  session: { token: string; expiresAt: Date },
): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: publicUrl.startsWith('https:'),
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(c: Context, publicUrl: string): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicUrl.startsWith('https:'),
  });
}
