// The caller's side of a query: validate, send, and turn every way it can go
// wrong into its own error class, so "owner is down" (no responders) is never
// confused with "owner is slow" (timeout) or "owner said no" (error reply).
import { ErrorCode, NatsError, type NatsConnection } from 'nats';
import type { QueryContract, QueryRequest, QueryResponse } from '../contracts/define.ts';
import {
  ContractValidationError,
  InvalidReplyError,
  NoRespondersError,
  QueryErrorReply,
  RequestDeniedError,
  RequestTimeoutError,
} from '../errors.ts';
import { describeIssues } from '../validation.ts';

export interface RequestOptions {
  /** Default 2000 ms. */
  timeoutMs?: number;
}

const decoder = new TextDecoder();

export async function request<C extends QueryContract>(
  nc: NatsConnection,
  contract: C,
  req: QueryRequest<C>,
  options: RequestOptions = {},
): Promise<QueryResponse<C>> {
  const { subject } = contract;
  const timeoutMs = options.timeoutMs ?? 2000;
  const checked = contract.request.safeParse(req);
  if (!checked.success) {
    throw new ContractValidationError(subject, 'query request', describeIssues(checked.error), {
      cause: checked.error,
    });
  }

  let reply;
  try {
    reply = await nc.request(subject, JSON.stringify(checked.data), { timeout: timeoutMs });
  } catch (err) {
    if (err instanceof NatsError) {
      if (err.code === ErrorCode.NoResponders) throw new NoRespondersError(subject, { cause: err });
      if (err.code === ErrorCode.Timeout)
        throw new RequestTimeoutError(subject, timeoutMs, { cause: err });
      if (err.isPermissionError()) throw new RequestDeniedError(subject, { cause: err });
    }
    throw err;
  }

  const code = reply.headers?.get('Nats-Service-Error-Code');
  if (code) {
    const message = reply.headers?.get('Nats-Service-Error') || 'error without a message';
    throw new QueryErrorReply(subject, Number(code), message);
  }
  let body: unknown;
  try {
    body = JSON.parse(decoder.decode(reply.data));
  } catch (err) {
    throw new InvalidReplyError(subject, 'reply is not JSON', { cause: err });
  }
  const response = contract.response.safeParse(body);
  if (!response.success) {
    throw new InvalidReplyError(subject, describeIssues(response.error), { cause: response.error });
  }
  return response.data as QueryResponse<C>;
}
