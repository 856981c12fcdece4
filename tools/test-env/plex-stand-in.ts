// A local stand-in for Plex Media Server's HTTP API, the part a media import
// uses: GET /identity, GET /library/sections (XML MediaContainer by default,
// JSON with Accept: application/json) and GET /library/sections/:key/refresh
// (optional ?path= for a partial scan). Every call needs the X-Plex-Token
// (header or query), else 401 as Plex answers. Tests set the sections and read
// back the refresh calls.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlexSection {
  key: string;
  type: 'movie' | 'show' | 'artist' | 'photo';
  title: string;
  /** The section's folders as Plex sees them. */
  locations: string[];
}

export interface PlexRefreshCall {
  sectionKey: string;
  /** The ?path= of a partial scan, or null for the whole section. */
  path: string | null;
  /** How the token came: header or query. */
  tokenVia: 'header' | 'query';
  at: Date;
}

export interface PlexStandIn {
  /** http://127.0.0.1:<port> (PLEX_URL). */
  url: string;
  token: string;
  machineIdentifier: string;
  setSections(sections: PlexSection[]): void;
  /** Every accepted refresh, oldest first. */
  refreshes: PlexRefreshCall[];
  /** Requests refused for a missing or wrong token. */
  unauthorized: number;
  close(): Promise<void>;
}

const VERSION = '1.41.3.9314-a0bfb8370';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function sectionsXml(sections: PlexSection[]): string {
  const dirs = sections.map((s, i) => {
    const locations = s.locations
      .map((path, j) => `<Location id="${i * 10 + j + 1}" path="${escapeXml(path)}" />`)
      .join('');
    return (
      `<Directory allowSync="1" art="/:/resources/${s.type}-fanart.jpg" filters="1" refreshing="0" ` +
      `thumb="/:/resources/${s.type}.png" key="${escapeXml(s.key)}" type="${s.type}" ` +
      `title="${escapeXml(s.title)}" agent="tv.plex.agents.${s.type === 'show' ? 'series' : s.type}" ` +
      `scanner="Plex ${s.type === 'show' ? 'TV Series' : 'Movie'}" language="en-US" ` +
      `uuid="00000000-0000-4000-8000-${String(i).padStart(12, '0')}" updatedAt="1700000000" ` +
      `createdAt="1700000000" scannedAt="1700000000" content="1" directory="1" ` +
      `contentChangedAt="1" hidden="0">${locations}</Directory>`
    );
  });
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="${sections.length}" ` +
    `allowSync="0" title1="Plex Library">${dirs.join('')}</MediaContainer>\n`
  );
}

function sectionsJson(sections: PlexSection[]) {
  return {
    MediaContainer: {
      size: sections.length,
      allowSync: false,
      title1: 'Plex Library',
      Directory: sections.map((s, i) => ({
        allowSync: true,
        art: `/:/resources/${s.type}-fanart.jpg`,
        filters: true,
        refreshing: false,
        thumb: `/:/resources/${s.type}.png`,
        key: s.key,
        type: s.type,
        title: s.title,
        agent: `tv.plex.agents.${s.type === 'show' ? 'series' : s.type}`,
        scanner: `Plex ${s.type === 'show' ? 'TV Series' : 'Movie'}`,
        language: 'en-US',
        uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        updatedAt: 1700000000,
        createdAt: 1700000000,
        scannedAt: 1700000000,
        content: true,
        directory: true,
        contentChangedAt: 1,
        hidden: 0,
        Location: s.locations.map((path, j) => ({ id: i * 10 + j + 1, path })),
      })),
    },
  };
}

export async function startPlexStandIn(
  options: { token?: string; sections?: PlexSection[] } = {},
): Promise<PlexStandIn> {
  const token = options.token ?? 'plex-stand-in-token';
  const machineIdentifier = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
  let sections = options.sections ?? [];
  const refreshes: PlexRefreshCall[] = [];
  let unauthorized = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://plex.local');
    const headerToken = req.headers['x-plex-token'];
    const queryToken = url.searchParams.get('X-Plex-Token');
    const given = typeof headerToken === 'string' ? headerToken : queryToken;
    if (given !== token) {
      unauthorized++;
      res.writeHead(401, { 'content-type': 'text/html' });
      res.end(
        '<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>',
      );
      return;
    }
    const json = (req.headers.accept ?? '').includes('application/json');
    const send = (body: unknown, xml: string) => {
      if (json) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      } else {
        res.writeHead(200, { 'content-type': 'text/xml;charset=utf-8' });
        res.end(xml);
      }
    };
    if (req.method !== 'GET') {
      res.writeHead(405).end();
      return;
    }
    if (url.pathname === '/identity') {
      const c = { size: 0, claimed: true, machineIdentifier, version: VERSION };
      send(
        { MediaContainer: c },
        `<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="0" claimed="1" ` +
          `machineIdentifier="${machineIdentifier}" version="${VERSION}"> </MediaContainer>\n`,
      );
      return;
    }
    if (url.pathname === '/library/sections') {
      send(sectionsJson(sections), sectionsXml(sections));
      return;
    }
    const refresh = /^\/library\/sections\/([^/]+)\/refresh$/.exec(url.pathname);
    if (refresh) {
      const key = decodeURIComponent(refresh[1]!);
      if (!sections.some((s) => s.key === key)) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end(
          '<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>',
        );
        return;
      }
      refreshes.push({
        sectionKey: key,
        path: url.searchParams.get('path'),
        tokenVia: typeof headerToken === 'string' ? 'header' : 'query',
        at: new Date(),
      });
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>',
    );
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    machineIdentifier,
    setSections(next) {
      sections = next;
    },
    refreshes,
    get unauthorized() {
      return unauthorized;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
