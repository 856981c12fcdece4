// The generator drives the real openai SDK against the local stand-in for
// the OpenAI API, so request shape, key and timeout are the SDK's own.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../../tools/test-env/openai-stand-in.ts';
import { createOpenAiFactGenerator } from './openai-fact-generator.ts';

let standIn: OpenAiStandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn({ apiKey: 'sk-right' });
});
afterAll(() => standIn.close());

const generator = (overrides: { apiKey?: string; timeoutMs?: number } = {}) =>
  createOpenAiFactGenerator({
    apiKey: 'sk-right',
    baseUrl: standIn.baseUrl,
    factsModel: 'tiny-model',
    ...overrides,
  });

it('asks the configured model with the recent facts and returns its answer', async () => {
  standIn.answer('Owls cannot move their eyes.');
  expect(await generator().generate(['Koalas sleep a lot.'], 5_000)).toBe(
    'Owls cannot move their eyes.',
  );
  const sent = standIn.requests.at(-1);
  expect(sent?.model).toBe('tiny-model');
  expect(sent?.messages.map((m) => m.role)).toEqual(['system', 'user']);
  expect(sent?.messages[1]?.content).toContain('- Koalas sleep a lot.');
});

it('fails with the server’s reason when the key is wrong', async () => {
  await expect(generator({ apiKey: 'sk-wrong' }).generate([], 5_000)).rejects.toThrow(
    /Incorrect API key/,
  );
});

it('gives up on a server slower than its timeout', async () => {
  standIn.answer(
    { content: 'Too late.', delayMs: 3_000 },
    { content: 'Still too late.', delayMs: 3_000 },
  );
  const started = Date.now();
  await expect(generator({ timeoutMs: 200 }).generate([], 5_000)).rejects.toThrow(/timed out/i);
  expect(Date.now() - started).toBeLessThan(2_500);
});
