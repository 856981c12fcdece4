// A service's read-only queries as one NATS micro service: `$SRV.PING/INFO/
// STATS` find it, every query is an endpoint on its contract subject in the
// default queue group (so replicas share the load). Requests and responses
// are validated here; failures come back as typed error replies, never as
// silence the caller would have to time out on.
import type { MsgHdrs, NatsConnection, Service, ServiceMsg } from 'nats';
import type { QueryContract, QueryRequest, QueryResponse } from '../contracts/define.ts';
import { queries, queryBySubject } from '../contracts/registry.ts';
import type { ServiceName } from '../contracts/streams.ts';
import { isDatabaseUnavailable } from '../db/db-errors.ts';
import { QueryError } from '../errors.ts';
import { errorMessage, silentLogger, type BusLogger } from '../logger.ts';
import { describeIssues } from '../validation.ts';

type Registered = (typeof queries)[keyof typeof queries];
type BySubject = { [C in Registered as C['subject']]: C };

export interface QueryContext {
  subject: string;
  contract: QueryContract;
  headers?: MsgHdrs;
  logger: BusLogger;
}

export type QueryHandler<C extends QueryContract> = (
  request: QueryRequest<C>,
  ctx: QueryContext,
) => Promise<QueryResponse<C>>;

/** Handlers keyed by contract subject, each typed by its contract. */
export type QueryHandlers = { [S in keyof BySubject]?: QueryHandler<BySubject[S]> };

export interface QueryServiceOptions {
  service: ServiceName;
  /** Semantic version of the service, shown by $SRV.INFO. */
  version: string;
  description?: string;
  handlers: QueryHandlers;
  logger?: BusLogger;
}

export interface EndpointCounters {
  requests: number;
  errors: number;
  totalMs: number;
  lastError?: string;
}

export interface QueryService {
  /** The micro-service instance id (unique per process). */
  id: string;
  stop(): Promise<void>;
  counters(): Record<string, EndpointCounters>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readJson(msg: ServiceMsg): unknown {
  if (msg.data.length === 0) return {};
  return JSON.parse(decoder.decode(msg.data));
}

export async function startQueryService(
  nc: NatsConnection,
  options: QueryServiceOptions,
): Promise<QueryService> {
  const logger = options.logger ?? silentLogger;
  const entries = Object.entries(options.handlers) as [string, QueryHandler<QueryContract>][];
  const routes = entries.map(([subject, handler]) => {
    const contract = queryBySubject(subject);
    if (!contract) throw new Error(`no query contract is registered for ${subject}`);
    if (contract.owner !== options.service) {
      throw new Error(`${options.service} cannot answer ${subject}: ${contract.owner} owns it`);
    }
    const counters: EndpointCounters = { requests: 0, errors: 0, totalMs: 0 };
    return { contract, handler, counters };
  });
  // nats.js times only the synchronous part of a handler and counts only
  // synchronous throws, so the real numbers are kept here and shown in
  // $SRV.STATS as each endpoint's `data`.
  const counters = new Map(routes.map((r) => [r.contract.endpoint, r.counters]));

  const service: Service = await nc.services.add({
    name: options.service,
    version: options.version,
    description: options.description ?? `${options.service} queries`,
    statsHandler: (endpoint) => {
      const c = counters.get((endpoint as { name?: string }).name ?? '');
      return Promise.resolve(
        c ? { ...c, averageMs: c.requests ? c.totalMs / c.requests : 0 } : null,
      );
    },
  });

  const answer = async (route: (typeof routes)[number], msg: ServiceMsg) => {
    const { contract, handler, counters: c } = route;
    const started = performance.now();
    const fail = (code: number, message: string) => {
      c.errors++;
      c.lastError = `${code} ${message}`;
      // The Nats-Service-Error header is one line: a message that quotes the request (a JSON
      // parse error does) may hold \r or \n, which nats.js refuses in a header, and no reply went out.
      const oneLine = message.replace(/[\r\n]+/g, ' ');
      msg.respondError(code, oneLine, encoder.encode(JSON.stringify({ error: { code, message } })));
    };
    try {
      let body: unknown;
      try {
        body = readJson(msg);
      } catch (err) {
        return fail(400, `request is not JSON: ${errorMessage(err)}`);
      }
      const request = contract.request.safeParse(body);
      if (!request.success) return fail(400, `bad request: ${describeIssues(request.error)}`);
      let result: unknown;
      try {
        result = await handler(request.data, {
          subject: msg.subject,
          contract,
          headers: msg.headers,
          logger,
        });
      } catch (err) {
        if (err instanceof QueryError) return fail(err.code, err.message);
        if (isDatabaseUnavailable(err)) {
          return fail(503, 'the database is unavailable right now; try again shortly');
        }
        logger.error({ subject: contract.subject, err: errorMessage(err) }, 'query handler failed');
        return fail(500, 'internal error');
      }
      const response = contract.response.safeParse(result);
      if (!response.success) {
        logger.error(
          { subject: contract.subject, issues: describeIssues(response.error) },
          'query handler returned a response that breaks its contract',
        );
        return fail(500, 'internal error: response failed validation');
      }
      msg.respond(encoder.encode(JSON.stringify(response.data)));
    } finally {
      c.requests++;
      c.totalMs += performance.now() - started;
    }
  };

  for (const route of routes) {
    service.addEndpoint(route.contract.endpoint, {
      subject: route.contract.subject,
      metadata: { contract: route.contract.subject, description: route.contract.description },
      handler: (err, msg) => {
        if (err) {
          logger.error(
            { subject: route.contract.subject, err: errorMessage(err) },
            'query endpoint failed',
          );
          return;
        }
        answer(route, msg).catch((e: unknown) => {
          logger.error(
            { subject: route.contract.subject, err: errorMessage(e) },
            'query reply failed',
          );
        });
      },
    });
  }
  // Once this resolves the server knows every endpoint, so a request sent
  // right after (from any connection) finds a responder.
  await nc.flush();
  logger.info(
    { service: options.service, id: service.info().id, queries: routes.length },
    'query service up',
  );

  return {
    id: service.info().id,
    counters: () => Object.fromEntries([...counters].map(([k, v]) => [k, { ...v }])),
    stop: async () => {
      await service.stop();
    },
  };
}
