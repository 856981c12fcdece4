import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { startInSteps } from './lifecycle.ts';
import { createLogger } from './logger.ts';

function recorder() {
  const lines: { level: number; msg: string; err?: { message: string } }[] = [];
  const logger = createLogger(
    { level: 'info', service: 'example', version: '1' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    }),
  );
  return { lines, logger };
}

it('closes what it opened, newest first, when a later step fails', async () => {
  const { logger } = recorder();
  const closed: string[] = [];
  const start = startInSteps({ name: 'example', logger }, async (defer) => {
    defer(async () => closed.push('database'));
    defer(async () => closed.push('bus'));
    throw new Error('port in use');
  });
  await expect(start).rejects.toThrow('port in use');
  expect(closed).toEqual(['bus', 'database']);
});

it('stops once, newest first, however often stop() is called', async () => {
  const { lines, logger } = recorder();
  const closed: string[] = [];
  const service = await startInSteps({ name: 'example', logger }, async (defer) => {
    defer(async () => closed.push('database'));
    defer(async () => closed.push('server'));
    return { url: 'http://127.0.0.1:1' };
  });
  expect(service.url).toBe('http://127.0.0.1:1');
  expect(closed).toEqual([]);
  const first = service.stop();
  expect(service.stop()).toBe(first);
  await first;
  await service.stop();
  expect(closed).toEqual(['server', 'database']);
  expect(lines.filter((l) => l.msg === 'example stopped')).toHaveLength(1);
});

it('logs a cleanup step that fails and still runs the ones after it', async () => {
  const { lines, logger } = recorder();
  const closed: string[] = [];
  const service = await startInSteps({ name: 'example', logger }, async (defer) => {
    defer(async () => closed.push('database'));
    defer(() => Promise.reject(new Error('already gone')));
    return {};
  });
  await service.stop();
  expect(closed).toEqual(['database']);
  expect(lines).toContainEqual(
    expect.objectContaining({
      msg: 'cleanup step failed',
      err: expect.objectContaining({ message: 'already gone' }) as unknown,
    }),
  );
});
