// What a failed Engine API call means for the person using the dashboard.
// dockerode rejects with Node's socket errors (ENOENT, ECONNREFUSED …) when the
// engine cannot be reached, and with the HTTP status and the engine's message
// when it answered no.
import { DomainError } from '../domain/errors.ts';
import type { ContainerAction } from './engine.ts';
import type { DockerHost } from './hosts.ts';

interface EngineFailure {
  code?: string;
  name?: string;
  statusCode?: number;
  reason?: string;
  json?: unknown;
  message?: string;
}

const UNREACHABLE = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ENOTSOCK',
]);

const FIX = 'start Docker or set DOCKER_SOCKET / DOCKER_HOSTS';

const STATE_CONFLICT = /is (not|already) (running|paused|stopped|started)|is (paused|restarting)/i;

/** The engine's own words, with full ids cut to the 12 digits people see in `docker ps`. */
function engineMessage(err: EngineFailure): string {
  const json = err.json as { message?: unknown } | string | null | undefined;
  const fromJson =
    typeof json === 'string' ? json : typeof json?.message === 'string' ? json.message : '';
  return shortIds((fromJson || err.reason || err.message || 'no reason given').trim());
}

const shortIds = (text: string) => text.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');

function alreadyDone(action: ContainerAction | undefined): string {
  switch (action) {
    case 'start':
    case 'unpause':
      return 'is already running';
    case 'stop':
      return 'is already stopped';
    case 'pause':
      return 'is already paused';
    case 'restart':
    case undefined:
      return 'is already in that state';
  }
}

/** The engine is out of reach: the message names its address and what to do. */
export function unreachable(host: DockerHost, detail: string, cause?: unknown): DomainError {
  return new DomainError('unavailable', `no Docker engine at ${host.address} (${detail}): ${FIX}`, {
    cause,
  });
}

/**
 * Translates a dockerode failure. `container` names the container in messages;
 * `action` says what was asked, for the engine's terse 304 (nothing to do).
 */
export function engineError(
  host: DockerHost,
  err: unknown,
  context: { container?: string; action?: ContainerAction; timeoutMs?: number } = {},
): DomainError {
  if (err instanceof DomainError) return err;
  const e = (err ?? {}) as EngineFailure;
  const what = context.container ? `container ${shortIds(context.container)}` : 'the container';
  if (e.code === 'EACCES' || e.code === 'EPERM') {
    return new DomainError(
      'unavailable',
      `no access to the Docker engine at ${host.address} (${e.code}): let the dashboard's user ` +
        `use the socket (e.g. the docker group) or set DOCKER_SOCKET / DOCKER_HOSTS`,
      { cause: err },
    );
  }
  if (e.code && UNREACHABLE.has(e.code)) return unreachable(host, e.code, err);
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    const after = context.timeoutMs ? ` within ${context.timeoutMs / 1000} s` : '';
    return unreachable(host, `no answer${after}`, err);
  }
  if (e.statusCode === 404) {
    return new DomainError('not_found', `no ${what} on Docker host ${host.name}`, { cause: err });
  }
  if (e.statusCode === 304) {
    return new DomainError('conflict', `${what} ${alreadyDone(context.action)}`, { cause: err });
  }
  // Engines before API 1.42 answer some state conflicts ("is not paused") with 500.
  if (e.statusCode === 409 || (e.statusCode === 500 && STATE_CONFLICT.test(engineMessage(e)))) {
    return new DomainError('conflict', `${host.name}: ${engineMessage(e)}`, { cause: err });
  }
  return new DomainError(
    'unavailable',
    `the Docker engine at ${host.address} failed: ${engineMessage(e)}`,
    { cause: err },
  );
}
