import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger, maskUrl } from './logger.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

it('masks the password of a URL and leaves other URLs as they are', () => {
  expect(maskUrl('postgres://bot:hunter2@db:5432/bot')).toBe('postgres://bot:***@db:5432/bot');
  expect(maskUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  expect(maskUrl('not a url')).toBe('not a url');
});

it('never writes passwords, tokens, cookies or URL credentials to the log', () => {
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'info', service: 'stream-bot', version: '1.0.0' }, stream);
  logger.info(
    {
      database: { url: 'postgres://bot:hunter2@db:5432/bot' },
      nats: { servers: ['nats://u:natspw@nats:4222'], user: 'streambot', password: 'natspw' },
      token: 'tok-123',
      req: { headers: { authorization: 'Bearer abc', cookie: 'session=xyz' } },
    },
    'starting',
  );
  const out = lines.join('');
  for (const secret of ['hunter2', 'natspw', 'tok-123', 'Bearer abc', 'session=xyz']) {
    expect(out).not.toContain(secret);
  }
  const line = JSON.parse(out) as {
    database: { url: string };
    nats: { servers: string[]; user: string };
  };
  expect(line.database.url).toBe('postgres://bot:***@db:5432/bot');
  expect(line.nats.servers).toEqual(['nats://u:***@nats:4222']);
  expect(line.nats.user).toBe('streambot');
  expect(line).toMatchObject({ service: 'stream-bot', version: '1.0.0', msg: 'starting' });
});
