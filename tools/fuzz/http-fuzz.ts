// Fuzzes every HTTP route of a running, signed-in test service: walks
// `service.routes` (every Hono route, the way tools/test-env/auth-cases.ts does),
// builds malformed requests for each with fast-check (tools/fuzz/arbitraries.ts)
// and checks every answer:
// - no 500, and no other 5xx except the designed ones the caller names (a 503
//   for a missing configuration or an unavailable dependency, with its code);
// - every 4xx/5xx is a JSON { error: { code, message } } with both non-empty;
// - an answer within the time limit (a hang is a failure);
// - a refused request (4xx/5xx) left the database as it was — a fingerprint of
//   every table (tools/fuzz/db-fingerprint.ts) before and after each request —
//   and added no outbox row;
// - an accepted write echoes each string field of its sample body it was sent
//   unchanged (a lone surrogate turned into U+FFFD in Postgres shows here);
// - the service is still alive and the test's session still works at the end.
// Failures are collected per route (the first counterexample of each, with
// fast-check's seed and path to replay it) and reported together.
import fc from 'fast-check';
import type { StartedService, TestService } from '../test-env/service-harness.ts';
import { cookieHeader } from '../test-env/service-harness.ts';
import {
  fuzzBody,
  fuzzHeaders,
  pathSegment,
  percentEncode,
  queryString,
  type FuzzBody,
} from './arbitraries.ts';
import {
  fingerprinter,
  type DatabaseFingerprint,
  type FingerprintOptions,
} from './db-fingerprint.ts';

export interface Route {
  method: string;
  path: string;
}

/** How a route is sent, when not the default way. */
export type RouteTreatment =
  /** A server-sent-event stream: a 200 is read up to its headers, then the request is aborted. */
  | 'stream'
  /** Sent without the test's session cookie (e.g. logout, which would end the session). */
  | 'no-session'
  /**
   * The web UI's catch-all: answers are HTML pages, not JSON; its one 5xx is the designed
   * 503 page saying the UI has not been built (test runs without `npm run build:web`).
   */
  | 'web-ui';

export interface RouteSample {
  /** A valid body, mutated by the fuzzer (a field dropped, replaced, added). */
  body?: Record<string, unknown>;
  /** The query parameters the route reads. */
  query?: string[];
  /** The route takes multipart/form-data uploads: send those too (tools/fuzz/arbitraries.ts). */
  multipart?: boolean;
}

export interface HttpFuzzOptions<S extends StartedService & { routes: Route[] }> {
  svc: () => TestService<S>;
  /** Requests in all, spread over the routes (at least `minPerRoute` each). */
  runs: number;
  minPerRoute?: number;
  /** fast-check seed (FUZZ_SEED) to replay a failure; random otherwise. */
  seed?: number;
  /** Ids of existing records for a path parameter (by name), so handlers go deep. */
  ids(param: string, route: Route): string[];
  /** Valid bodies and query parameter names per route, keyed "METHOD /path". */
  samples?: Record<string, RouteSample>;
  /** Field and parameter names every random object and query string draws from. */
  vocabulary: string[];
  /** Routes sent in a special way, keyed "METHOD /path" (say why at the call). */
  treatments?: Record<string, RouteTreatment>;
  /** Designed 5xx answers: status → the error codes it may carry. */
  designed5xx?: Record<number, string[]>;
  /** What the database fingerprint leaves out (named with reasons at the call). */
  fingerprint: FingerprintOptions;
  /**
   * Requests not to send (a reason, or undefined to send): e.g. a body that would make the
   * service contact a machine other than this one. `json` is the JSON value of the body, if any.
   */
  skip?(route: string, json: unknown): string | undefined;
  /** Per-request time limit (ms). */
  timeoutMs?: number;
  /** A signed-in GET that must still answer 200 at the end (the session survived). */
  readPath: string;
}

export interface RouteReport {
  route: string;
  requests: number;
  skipped: number;
  ms: number;
  /** Answers by status; 0 for a connection Node closed on a request past its header limit. */
  statuses: Record<number, number>;
}

export interface HttpFuzzResult {
  routes: RouteReport[];
  requests: number;
  ms: number;
  failures: string[];
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: FuzzBody;
}

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** FUZZ_RUNS from the environment, or the file's default. */
export function fuzzRuns(fallback: number): number {
  const n = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

export function fuzzSeed(): number | undefined {
  const n = Number(process.env.FUZZ_SEED);
  return process.env.FUZZ_SEED && Number.isInteger(n) ? n : undefined;
}

/** The routes to fuzz: every method and path once, middleware (`use`) entries left out. */
export function routesOf(routes: Route[]): Route[] {
  const seen = new Set<string>();
  const out: Route[] = [];
  for (const r of routes) {
    // `use()` middleware shows as ALL with a wildcard; the web UI's catch-all GET * is a route.
    if (r.method === 'ALL' && r.path.includes('*')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)(\{[^}]*\})?/g;

function describe(sent: Sent, status?: number): string {
  const body =
    typeof sent.body.body === 'string'
      ? sent.body.body.length > 300
        ? `${JSON.stringify(sent.body.body.slice(0, 300))}… (${sent.body.body.length} chars)`
        : JSON.stringify(sent.body.body)
      : sent.body.body
        ? `<${sent.body.body.length} bytes>`
        : '(none)';
  return `${sent.method} ${sent.url.length > 400 ? `${sent.url.slice(0, 400)}…` : sent.url} [${sent.body.kind}${sent.body.contentType !== undefined ? `, content-type ${JSON.stringify(sent.body.contentType)}` : ''}] body ${body}${status !== undefined ? ` → ${status}` : ''}`;
}

/** The path a route's request goes to: params filled, the web UI's catch-all given odd paths. */
function pathArbitrary(route: Route, ids: (param: string) => string[]): fc.Arbitrary<string> {
  if (route.path.includes('*')) {
    // The web UI's catch-all: paths that are not API routes, traversal attempts among them
    // (encoded, since fetch would resolve a plain "..").
    return fc
      .array(
        fc.oneof(
          pathSegment([]),
          fc.constantFrom('%2e%2e', '..%2f..%2f..%2fetc%2fpasswd', 'assets', 'index.html', '.env'),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((segs) => `/${segs.join('/')}`);
  }
  const names = [...route.path.matchAll(PARAM)].map((m) => m[1]!);
  if (names.length === 0) return fc.constant(route.path);
  return fc.tuple(...names.map((n) => pathSegment(ids(n)))).map((values) => {
    let i = 0;
    return route.path.replace(PARAM, () => values[i++] ?? '');
  });
}

/** Checks an error answer's body: JSON { error: { code, message } }. */
function errorShapeProblem(status: number, contentType: string, text: string): string | undefined {
  if (!contentType.includes('application/json')) {
    return `a ${status} that is not JSON (content-type ${contentType}): ${text.slice(0, 200)}`;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `a ${status} whose body is not valid JSON: ${text.slice(0, 200)}`;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (
    typeof error?.code !== 'string' ||
    error.code === '' ||
    typeof error.message !== 'string' ||
    error.message.trim() === ''
  ) {
    return `a ${status} without { error: { code, message } }: ${text.slice(0, 200)}`;
  }
  return undefined;
}

/**
 * The route's own fields (those of its sample body) that were sent as strings and that the
 * answer echoes (top level or one object down), changed. Other keys may mean anything in an
 * answer (a route that ignores its body answers with fields of its own).
 */
function echoProblems(sent: unknown, answer: unknown, fields: string[]): string[] {
  if (!isPlainObject(sent) || !isPlainObject(answer)) return [];
  const candidates = [answer, ...Object.values(answer).filter(isPlainObject)];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(sent)) {
    if (typeof value !== 'string' || !fields.includes(key)) continue;
    for (const obj of candidates) {
      if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
      const echoed = obj[key];
      if (typeof echoed !== 'string') continue;
      // A service may trim or lower-case a name; anything else is a changed string.
      const same =
        echoed === value ||
        echoed === value.trim() ||
        echoed.toLowerCase() === value.trim().toLowerCase();
      if (!same) {
        problems.push(
          `field ${key} was sent as ${JSON.stringify(value.slice(0, 80))} but stored as ${JSON.stringify(echoed.slice(0, 80))}`,
        );
      }
    }
  }
  return problems;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function fuzzHttpRoutes<S extends StartedService & { routes: Route[] }>(
  o: HttpFuzzOptions<S>,
): Promise<HttpFuzzResult> {
  const svc = o.svc();
  if (!svc.database) throw new Error('fuzzHttpRoutes needs a service on PostgreSQL');
  const fp = await fingerprinter(svc.database.url, o.fingerprint);
  const started = Date.now();
  // Deletions go last, so the records the other routes are given ids of still exist for them.
  const routes = routesOf(svc.service.routes).sort(
    (a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'),
  );
  const perRoute = Math.max(o.minPerRoute ?? 20, Math.ceil(o.runs / routes.length));
  const origin = new URL(svc.service.url).origin;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const failures: string[] = [];
  const reports: RouteReport[] = [];
  let requests = 0;

  // The database must be quiet before the first comparison (start-up work done).
  let baseline = await settle(await fp.take());

  /** Waits until two fingerprints 50 ms apart agree (background work after a write), max 5 s. */
  async function settle(first: DatabaseFingerprint) {
    let last = first;
    const deadline = Date.now() + 5_000;
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const next = await fp.take();
      if (fp.diff(last, next).length === 0 || Date.now() > deadline) return next;
      last = next;
    }
  }

  /** The fingerprint after a refused request, which must equal the one before it. */
  async function unchanged(before: DatabaseFingerprint, sent: Sent, status: number) {
    // A read route is compared once over all its requests (below): a GET must write nothing.
    if (sent.method === 'GET' || sent.method === 'HEAD') return before;
    const after = await fp.take();
    const changed = fp.diff(before, after);
    if (changed.length > 0) {
      // Show what the refused request left behind.
      const detail = await Promise.all(
        changed.map(async (t) => `${t}: ${JSON.stringify(await fp.rows(t, 3)).slice(0, 400)}`),
      );
      throw new Error(
        `${describe(sent, status)}: refused, but changed ${changed.join(', ')} (${before.tables[changed[0]!]} → ${after.tables[changed[0]!]}); ${detail.join('; ')}`,
      );
    }
    return after;
  }

  try {
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      const treatment = o.treatments?.[key];
      const sample = o.samples?.[key];
      const vocabulary = [...new Set([...Object.keys(sample?.body ?? {}), ...o.vocabulary])];
      const queryKeys = sample?.query?.length ? sample.query : o.vocabulary;
      const methods =
        route.method === 'ALL' ? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] : [route.method];
      const report: RouteReport = { route: key, requests: 0, skipped: 0, ms: 0, statuses: {} };
      const routeStarted = Date.now();
      reports.push(report);

      const request = fc.record({
        method: fc.constantFrom(...methods),
        path: pathArbitrary(route, (name) => o.ids(name, route)),
        query: fc.option(queryString(queryKeys), { freq: 3, nil: '' }),
        headers: fuzzHeaders,
        body: fuzzBody(vocabulary, sample?.body, sample?.multipart),
      });

      const property = fc.asyncProperty(request, async (r) => {
        const withBody = r.method !== 'GET' && r.method !== 'HEAD';
        const body: FuzzBody = withBody ? r.body : { kind: 'none' };
        if (o.skip?.(`${r.method} ${route.path}`, body.json) !== undefined) {
          report.skipped++;
          return;
        }
        const headers: Record<string, string> = { ...r.headers, origin };
        if (body.contentType !== undefined) headers['content-type'] = body.contentType;
        if (treatment !== 'no-session' && svc.cookies.size > 0) {
          headers.cookie = cookieHeader(svc.cookies);
        }
        const sent: Sent = {
          method: r.method,
          url: `${r.path}${r.query ? `?${r.query}` : ''}`,
          headers,
          body,
        };
        requests++;
        report.requests++;
        const before = baseline;
        const headerBytes = Object.entries(headers).reduce(
          (n, [k, v]) => n + k.length + Buffer.byteLength(v) + 4,
          sent.url.length,
        );
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        let res: Response;
        let text = '';
        try {
          res = await fetch(svc.service.url + sent.url, {
            method: sent.method,
            headers,
            body: withBody ? body.body : undefined,
            redirect: 'manual',
            signal: controller.signal,
          });
          const streaming =
            treatment === 'stream' &&
            res.ok &&
            (res.headers.get('content-type') ?? '').includes('text/event-stream');
          if (streaming) controller.abort();
          else text = await res.text();
        } catch (err) {
          if (headerBytes > 15_000) {
            // Past Node's 16 KB header limit the server may also just close the connection
            // (its 431 racing the request still being written): no service code ran.
            report.statuses[0] = (report.statuses[0] ?? 0) + 1;
            baseline = await unchanged(before, sent, 431);
            return;
          }
          throw new Error(
            `${describe(sent)}: no answer within ${timeoutMs} ms or the connection failed (${(err as Error).message})`,
          );
        } finally {
          clearTimeout(timer);
        }
        report.statuses[res.status] = (report.statuses[res.status] ?? 0) + 1;

        const contentType = res.headers.get('content-type') ?? '';
        if (res.status === 431 && headerBytes > 15_000) {
          // Node's HTTP parser refuses a request line and headers past its 16 KB limit before
          // any code of the service runs (with no body of ours); nothing can have been written.
          baseline = await unchanged(before, sent, res.status);
          return;
        }
        const webUi = treatment === 'web-ui';
        if (webUi && res.status === 503 && text.includes('web UI has not been built')) {
          baseline = await unchanged(before, sent, res.status);
          return;
        }
        if (res.status >= 500) {
          let code: unknown;
          try {
            code = (JSON.parse(text) as { error?: { code?: unknown } }).error?.code;
          } catch {
            code = undefined;
          }
          const designed = o.designed5xx?.[res.status] ?? [];
          if (typeof code !== 'string' || !designed.includes(code)) {
            throw new Error(`${describe(sent, res.status)}: ${text.slice(0, 300)}`);
          }
        }
        if (
          res.status >= 400 &&
          sent.method !== 'HEAD' &&
          !(webUi && contentType.includes('text/html'))
        ) {
          const problem = errorShapeProblem(res.status, contentType, text);
          if (problem) throw new Error(`${describe(sent, res.status)}: ${problem}`);
        }
        if (/root:x?:0:0:/.test(text)) {
          throw new Error(`${describe(sent, res.status)}: answered with /etc/passwd`);
        }

        if (res.status >= 400) {
          baseline = await unchanged(before, sent, res.status);
          return;
        }
        if (sent.method !== 'GET' && sent.method !== 'HEAD') {
          const after = await fp.take();
          const changed = fp.diff(before, after);
          baseline = changed.length > 0 ? await settle(after) : after;
        }
        if (res.ok && WRITE.has(sent.method) && contentType.includes('application/json')) {
          let answer: unknown;
          try {
            answer = JSON.parse(text);
          } catch {
            throw new Error(`${describe(sent, res.status)}: a JSON answer that does not parse`);
          }
          const problems = echoProblems(body.json, answer, Object.keys(sample?.body ?? {}));
          if (problems.length > 0) {
            throw new Error(`${describe(sent, res.status)}: ${problems.join('; ')}`);
          }
        }
      });

      const routeBefore = baseline;
      const details = await fc.check(property, {
        numRuns: perRoute,
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        // Requests change the database: shrinking would replay them on another state, so the
        // first counterexample is reported as it was (with the seed and path to replay it).
        endOnFailure: true,
      });
      if (methods.every((m) => m === 'GET') && !details.failed) {
        const after = await fp.take();
        const changed = fp.diff(routeBefore, after);
        if (changed.length > 0) {
          failures.push(
            `${key}: its ${report.requests} GET requests changed ${changed.join(', ')} (a read must write nothing; statuses ${JSON.stringify(report.statuses)})\n  (seed ${details.seed})`,
          );
          baseline = await settle(after);
        }
      }
      report.ms = Date.now() - routeStarted;
      if (details.failed) {
        failures.push(
          `${key}: ${(details.errorInstance as Error | undefined)?.message ?? 'failed'}\n  (seed ${details.seed}, path "${details.counterexamplePath}", run ${details.numRuns})`,
        );
        // A failed request may have left rows behind: compare the next route from here.
        baseline = await settle(await fp.take());
      }
    }

    // Still alive, and the test's own session survived every request.
    const health = await fetch(`${svc.service.url}/healthz`);
    if (health.status !== 200) failures.push(`/healthz answers ${health.status} after fuzzing`);
    const read = await svc.get(o.readPath);
    if (read.status !== 200) failures.push(`${o.readPath} answers ${read.status} after fuzzing`);
  } finally {
    await fp.close();
  }
  return { routes: reports, requests, ms: Date.now() - started, failures };
}

/** One line per route with its request count and statuses, for the test's log. */
export function summary(name: string, result: HttpFuzzResult): string {
  const lines = result.routes.map(
    (r) =>
      `  ${r.route.padEnd(52)} ${String(r.requests).padStart(5)} ${String(r.ms).padStart(6)} ms  ${Object.entries(
        r.statuses,
      )
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}${r.skipped > 0 ? ` (${r.skipped} not sent)` : ''}`,
  );
  return `${name}: ${result.routes.length} routes, ${result.requests} requests, ${(result.ms / 1000).toFixed(1)} s\n${lines.join('\n')}`;
}

export { percentEncode };
