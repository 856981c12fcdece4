// The browser's return leg of an OAuth authorization-code login, the same for
// every provider: the state cookie checked in constant time, the provider's
// refusal explained, and failures answered as a small page for a browser or the
// usual error body for anything else. The code exchange itself is the service's.
import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
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
