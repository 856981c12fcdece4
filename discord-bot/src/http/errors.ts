// The one place where failures become HTTP answers. Every error body has the
// same shape: { error: { code, message } }.
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorCode } from '../domain/errors.ts';
import type { Logger } from '@homelab/nats/runtime';

const STATUS_OF: Record<ErrorCode, ContentfulStatusCode> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

export function createErrorHandler(logger: Logger): ErrorHandler {
  return (err, c) => {
    if (err instanceof DomainError) {
      return c.json(errorBody(err.code, err.message), STATUS_OF[err.code]);
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode;
      return c.json(errorBody(status < 500 ? 'bad_request' : 'http_error', err.message), status);
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
