// The Docker engines the dashboard manages. DOCKER_HOSTS names them
// (`local=/var/run/docker.sock,nas=tcp://10.0.0.5:2375`); unset, there is one
// engine called `local` on DOCKER_SOCKET. Parsed once at start, so a typo stops
// the service with a message instead of failing on the first request.
import { ConfigError } from '@homelab/nats/runtime';

export type DockerConnection =
  { socketPath: string } | { protocol: 'http' | 'https'; host: string; port: number };

export interface DockerHost {
  /** Used in URLs and recorded with every action. */
  name: string;
  /** As written, normalised (unix:// or http(s)://), so error messages can name it. */
  address: string;
  connection: DockerConnection;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Reads one address: a socket path, unix:///path, tcp://host:port or http(s)://host:port. */
export function parseDockerAddress(raw: string): Omit<DockerHost, 'name'> {
  const value = raw.trim();
  if (value.startsWith('/'))
    return { address: `unix://${value}`, connection: { socketPath: value } };
  const scheme = /^([a-z]+):\/\//.exec(value)?.[1];
  if (scheme === 'unix') {
    const socketPath = value.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error(`expected unix:///absolute/path, got ${raw}`);
    return { address: value, connection: { socketPath } };
  }
  if (scheme === 'tcp' || scheme === 'http' || scheme === 'https') {
    let url: URL;
    try {
      url = new URL(value.replace(/^tcp:/, 'http:'));
    } catch {
      throw new Error(`expected ${scheme}://host:port, got ${raw}`);
    }
    if (!url.hostname || (url.pathname !== '/' && url.pathname !== '')) {
      throw new Error(`expected ${scheme}://host:port without a path, got ${raw}`);
    }
    const protocol = scheme === 'https' ? 'https' : 'http';
    const port = url.port ? Number(url.port) : protocol === 'https' ? 2376 : 2375;
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return { address: `${scheme}://${url.host}`, connection: { protocol, host, port } };
  }
  throw new Error(
    `expected a socket path, unix:///path, tcp://host:port or http(s)://host:port, got ${raw}`,
  );
}

/**
 * The engines to manage: DOCKER_HOSTS when set, else one `local` host on the socket.
 * Throws a ConfigError listing every bad entry.
 */
export function parseDockerHosts(hosts: string | undefined, socket: string): DockerHost[] {
  if (!hosts) return [{ name: 'local', ...parseDockerAddress(socket) }];
  const problems: string[] = [];
  const parsed: DockerHost[] = [];
  for (const entry of hosts
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    const name = eq > 0 ? entry.slice(0, eq).trim() : '';
    if (!NAME.test(name)) {
      problems.push(
        `DOCKER_HOSTS: "${entry}" should be name=address, the name 1-63 letters, digits, _ . or -`,
      );
      continue;
    }
    if (parsed.some((h) => h.name === name)) {
      problems.push(`DOCKER_HOSTS: the name ${name} is used twice`);
      continue;
    }
    try {
      parsed.push({ name, ...parseDockerAddress(entry.slice(eq + 1)) });
    } catch (err) {
      problems.push(`DOCKER_HOSTS: ${name}: ${(err as Error).message}`);
    }
  }
  if (parsed.length === 0 && problems.length === 0) {
    problems.push('DOCKER_HOSTS: expected at least one name=address');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed;
}
