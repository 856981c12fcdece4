// A lean keep-alive HTTP client for benchmarks (node:http), so the figures
// measure the server rather than a heavier client library.
import http from 'node:http';

export interface BenchClient {
  get(path: string): Promise<unknown>;
  close(): void;
}

export function benchClient(
  baseUrl: string,
  headers: Record<string, string> = {},
  maxSockets = 100,
): BenchClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  return {
    get: (path) =>
      new Promise((resolve, reject) => {
        http
          .get(`${baseUrl}${path}`, { agent, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              if (res.statusCode !== 200)
                reject(new Error(`GET ${path}: HTTP ${res.statusCode} ${text}`));
              else resolve(JSON.parse(text));
            });
          })
          .on('error', reject);
      }),
    close: () => agent.destroy(),
  };
}

/** Logs in to stream-bot with its local account; returns the Cookie header. */
export async function streamBotSession(baseUrl: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const cookie = res.headers.get('set-cookie');
  if (!res.ok || !cookie) throw new Error(`login failed: HTTP ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}
