// Whether a file server answers: a TCP connection to its SMB or NFS port,
// given up after a timeout. A name that does not resolve is said so, apart
// from a server that refuses or does not answer.
import { connect } from 'node:net';

export interface Reachability {
  reachable: boolean;
  port: number;
  latencyMs: number | null;
  /** Why not, in words a person can act on; null when reachable. */
  error: string | null;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

function describe(err: NodeJS.ErrnoException, server: string, port: number): string {
  const code = err.code ?? '';
  if (DNS_CODES.has(code) || err.syscall === 'getaddrinfo') {
    return `the name ${server} does not resolve (DNS: ${code || err.message})`;
  }
  switch (code) {
    case 'ECONNREFUSED':
      return `${server} refused the connection on port ${port}: is the ${port === 2049 ? 'NFS' : 'file'} service running there?`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to ${server} (${code})`;
    default:
      return `cannot connect to ${server}:${port}: ${err.message}`;
  }
}

export function checkReachable(
  server: string,
  port: number,
  timeoutMs: number,
): Promise<Reachability> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: server, port });
    const done = (r: Omit<Reachability, 'port'>) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...r, port });
    };
    const timer = setTimeout(
      () =>
        done({
          reachable: false,
          latencyMs: null,
          error: `${server}:${port} did not answer within ${timeoutMs} ms`,
        }),
      timeoutMs,
    );
    socket.once('connect', () =>
      done({ reachable: true, latencyMs: Math.round(performance.now() - started), error: null }),
    );
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done({ reachable: false, latencyMs: null, error: describe(err, server, port) }),
    );
  });
}
