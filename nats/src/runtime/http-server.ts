// Starts and stops the HTTP listener. Stopping refuses new connections, lets
// requests in flight finish for a moment, then cuts what is left (idle
// keep-alive sockets, event streams) so shutdown never hangs on a browser.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface HttpServer {
  url: string;
  close(graceMs?: number): Promise<void>;
}

export async function listen(app: Hono, port: number, host: string): Promise<HttpServer> {
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: (graceMs = 5_000) =>
      new Promise<void>((resolve) => {
        const http = server as Server;
        // Connections turn idle as their last response ends; close them as they do.
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        http.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          resolve();
        });
        http.closeIdleConnections();
      }),
  };
}
