// Both legs of an OAuth authorization-code login in the browser, the same for
// every provider: the start (a hop to the callback's host, a fresh state cookie,
// the redirect to the provider) and the return (the state cookie checked in
// constant time, the provider's refusal explained, failures answered as a small
// page for a browser or the usual error body for anything else). The code
// exchange itself is the service's.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { safeEqual } from './crypto.ts';

export interface OAuthCallbackOptions {
  /** "Twitch", "Discord" … as people read it. */
  provider: string;
  /** The service's name, for the failure page's way back. */
  service: string;
  /** The state cookie's name and path, as the login route set them. */
  stateCookie: string;
  statePath: string;
  /** Where a new attempt starts, e.g. /auth/twitch/login. */
  loginPath: string;
}

export type OAuthFailureStatus = 400 | 502 | 503;

export interface OAuthStartOptions {
  /** Where the provider sends the browser back; its host is where the state cookie must live. */
  redirectUri: string;
  /** The provider's authorization URL for a state. */
  authorizeUrl: (state: string) => string;
  /** Set the cookie Secure (the service is served over https). */
  secure: boolean;
}

/**
 * Starts a login at the provider. The state cookie must be set on the host the provider
 * sends the browser back to (a page opened as 127.0.0.1 is called back at localhost, say),
 * so a request on another host first hops there once — `?hop=1` keeps it from hopping twice.
 */
export function startOAuthLogin(
  c: Context,
  options: OAuthCallbackOptions,
  start: OAuthStartOptions,
): Response {
  const callback = new URL(start.redirectUri);
  const host = c.req.header('host') ?? new URL(c.req.url).host;
  if (host !== callback.host && c.req.query('hop') === undefined) {
    return c.redirect(`${callback.origin}${options.loginPath}?hop=1`, 302);
  }
  const state = randomBytes(24).toString('base64url');
  setCookie(c, options.stateCookie, state, {
    httpOnly: true,
    sameSite: 'Lax',
    path: options.statePath,
    secure: start.secure,
    maxAge: 600,
  });
  return c.redirect(start.authorizeUrl(state), 302);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

/** A failed login: a small page for a browser, `{ error: { code, message } }` for anything else. */
export function oauthFailure(
  c: Context,
  options: OAuthCallbackOptions,
  status: OAuthFailureStatus,
  code: string,
  message: string,
): Response {
  if ((c.req.header('accept') ?? '').includes('text/html')) {
    const title = `${options.provider} login failed`;
    return c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
        `</head><body><h1>${title}</h1><p>${escapeHtml(message)}</p>` +
        `<p><a href="${options.loginPath}">Try again</a> · <a href="/">Back to ` +
        `${options.service}</a></p></body></html>`,
      status,
    );
  }
  return c.json({ error: { code, message } }, status);
}

/**
 * Reads the callback's query: the authorization code when the state matches this browser's
 * cookie (which it removes), else the failure to answer with.
 */
export function readOAuthCallback(
  c: Context,
  options: OAuthCallbackOptions,
): { code: string } | { failure: Response } {
  const expected = getCookie(c, options.stateCookie);
  deleteCookie(c, options.stateCookie, { path: options.statePath });
  const fail = (message: string) => ({
    failure: oauthFailure(c, options, 400, 'invalid_input', message),
  });
  const q = c.req.query();
  if (q.error !== undefined) {
    return fail(
      q.error === 'access_denied'
        ? `you did not allow ${options.service} to use your ${options.provider} account, so you ` +
            'are not logged in'
        : `${options.provider} did not log you in: ${q.error_description ?? q.error}`,
    );
  }
  if (expected === undefined || q.state === undefined || !safeEqual(q.state, expected)) {
    return fail(
      expected === undefined
        ? 'this login attempt has no state cookie (expired after 10 minutes, or started ' +
            `elsewhere); start again at ${options.loginPath}`
        : `the login state does not match this browser’s; start again at ${options.loginPath}`,
    );
  }
  if (!q.code) return fail(`${options.provider} sent no authorization code`);
  return { code: q.code };
}
