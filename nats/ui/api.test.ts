// The UI's fetch helper against a real HTTP server (Node's fetch is the
// browser's): error answers become ApiError with the service's words, a 401
// reaches the hook unless the call says it means something else.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createApiClient, errorText, queryString } from './api.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/ok') return json(200, { hello: 'there', method: req.method });
    if (req.url === '/gone')
      return json(401, { error: { code: 'unauthenticated', message: 'log in' } });
    if (req.url === '/stack') {
      return json(409, { error: { code: 'confirmation_required', message: 'say confirm' } });
    }
    if (req.url === '/empty') {
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the UI fetch helper', () => {
  it('returns the JSON body of a good answer, and nothing for a 204', async () => {
    const api = createApiClient();
    expect(await api.call(`${base}/ok`, { method: 'POST', body: {} })).toEqual({
      hello: 'there',
      method: 'POST',
    });
    expect(await api.call(`${base}/empty`)).toBeUndefined();
  });

  it("turns an error answer into ApiError with the service's message and code", async () => {
    const err = await createApiClient()
      .call(`${base}/stack`)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 409,
      code: 'confirmation_required',
      message: 'say confirm',
    });
  });

  it('calls the 401 hook, except for a call whose 401 means a wrong password', async () => {
    const api = createApiClient();
    let calls = 0;
    api.onUnauthorized(() => (calls += 1));
    await expect(api.call(`${base}/gone`)).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(1);
    await expect(api.call(`${base}/gone`, { redirectOn401: false })).rejects.toThrow('log in');
    expect(calls).toBe(1);
  });

  it('names a route the service does not have, and a service that cannot be reached', async () => {
    const api = createApiClient();
    await expect(api.call(`${base}/nothing?x=1`)).rejects.toThrow(
      `${base}/nothing is not available in this version of the service`,
    );
    await expect(api.call('http://127.0.0.1:1/ok')).rejects.toMatchObject({
      status: 0,
      message: 'Cannot reach the service. Is it running?',
    });
  });

  it('builds a query string from the values that are set', () => {
    expect(queryString({ a: 1, b: '', c: undefined, d: true, e: 'x y' })).toBe('?a=1&d=true&e=x+y');
    expect(queryString({ a: undefined })).toBe('');
    expect(errorText(new ApiError(503, 'down'))).toBe('down');
    expect(errorText('plain')).toBe('plain');
  });
});
