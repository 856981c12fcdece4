import { nanos } from 'nats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STREAMS } from '../src/contracts/streams.ts';
import { StreamSetupError } from '../src/errors.ts';
import { ensureStreams, STREAM_LIMITS } from '../src/streams.ts';
import { startTestBus, type TestBus } from './helpers/nats.ts';

let bus: TestBus;
beforeAll(async () => {
  bus = await startTestBus();
});
afterAll(async () => {
  await bus?.dispose();
});

it('creates the events and dead-letter streams once, then leaves them or repairs drift', async () => {
  const nc = await bus.connect('discord');
  const { events, dlq } = STREAMS.discord;
  expect(await ensureStreams(nc, 'discord')).toEqual({ [events]: 'created', [dlq]: 'created' });
  expect(await ensureStreams(nc, 'discord')).toEqual({ [events]: 'unchanged', [dlq]: 'unchanged' });

  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(events);
  expect(info.config).toMatchObject({
    subjects: ['discord.evt.>'],
    storage: 'file',
    duplicate_window: nanos(STREAM_LIMITS.events.duplicateWindowMs),
    max_age: nanos(STREAM_LIMITS.events.maxAgeMs),
    max_bytes: STREAM_LIMITS.events.maxBytes,
    max_msg_size: STREAM_LIMITS.maxMsgSize,
  });
  expect((await jsm.streams.info(dlq)).config.subjects).toEqual(['discord.dlq.>']);

  await jsm.streams.update(events, { max_age: nanos(3_600_000) });
  expect(await ensureStreams(nc, 'discord')).toEqual({ [events]: 'updated', [dlq]: 'unchanged' });
  expect((await jsm.streams.info(events)).config.max_age).toBe(
    nanos(STREAM_LIMITS.events.maxAgeMs),
  );
});

it('fails with a StreamSetupError naming the stream when the user may not create it', async () => {
  const dashboard = await bus.connect('dashboard');
  const streambot = await bus.connect('streambot');
  // The dashboard user cannot create streambot's streams: the error says which one.
  const err = await ensureStreams(dashboard, 'streambot').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StreamSetupError);
  expect(err).toMatchObject({ name: 'StreamSetupError', stream: STREAMS.streambot.events });
  expect((err as Error).cause).toBeDefined();
  expect(await ensureStreams(streambot, 'streambot')).toMatchObject({
    [STREAMS.streambot.events]: 'created',
  });
});
