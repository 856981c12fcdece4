// The one place where failures become HTTP answers. Every error body has the
// same shape: { error: { code, message } }. A service maps its own domain
// errors (their codes and statuses are its own); everything else is handled
// here the same way for all.
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDatabaseUnavailable } from '../db/db-errors.ts';
import type { Logger } from './logger.ts';

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

/** How a service answers an error it knows; undefined for one it does not. */
export type KnownError = (
  err: Error,
) => { status: ContentfulStatusCode; code: string; message: string } | undefined;

export function createErrorHandler(logger: Logger, known: KnownError): ErrorHandler {
  return (err, c) => {
    const answer = known(err);
    if (answer) return c.json(errorBody(answer.code, answer.message), answer.status);
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json(errorBody(status < 500 ? 'bad_request' : 'http_error', err.message), status);
    }
    // The database stopped or is restarting: a 503 the caller may retry, not a bug to log as one.
    if (isDatabaseUnavailable(err)) {
      logger.warn(
        { err: err.message, method: c.req.method, path: c.req.path },
        'database unavailable',
      );
      return c.json(
        errorBody(
          'database_unavailable',
          'the database is unavailable right now; try again shortly',
        ),
        503,
        { 'Retry-After': '5' },
      );
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
    return c.json(
      errorBody('internal', 'something went wrong on our side; see the service log'),
      500,
    );
  };
}

export const notFound: NotFoundHandler = (c) =>
  c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404);
