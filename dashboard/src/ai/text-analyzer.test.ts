import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../../tools/test-env/openai-stand-in.ts';
import { DomainError } from '../domain/errors.ts';
import { createTextAnalyzer, fitToBudget, readAnswer } from './text-analyzer.ts';

let openai: OpenAiStandIn;
const config = () => ({
  apiKey: 'sk-test',
  baseUrl: openai.baseUrl,
  model: 'gpt-4o-mini',
  analysisModel: 'gpt-4o-mini',
  timeoutMs: 2_000,
});
const signal = () => new AbortController().signal;
const GOOD = JSON.stringify({
  summary: 'The database refused connections.',
  findings: [
    {
      severity: 'error',
      title: 'Connection refused',
      detail: 'ECONNREFUSED 127.0.0.1:5432',
      likelyCause: 'postgres is down',
    },
  ],
});

beforeAll(async () => {
  openai = await startOpenAiStandIn({ apiKey: 'sk-test' });
});
afterAll(() => openai.close());
beforeEach(() => openai.requests.splice(0));

describe('the text analyzer', () => {
  it('keeps the newest lines of logs and the start of other text', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const logs = fitToBudget(text, 'logs', 50);
    expect(logs.cut).toBe(true);
    expect(logs.text.endsWith('line 99')).toBe(true);
    expect(logs.text.startsWith('line ')).toBe(true);
    const config = fitToBudget(text, 'config', 50);
    expect(config.text.startsWith('line 0\n')).toBe(true);
    expect(fitToBudget('short', 'logs', 50)).toEqual({ text: 'short', cut: false });
  });

  it('reads a fenced JSON answer and names what is wrong with a bad one', () => {
    expect(readAnswer('```json\n' + GOOD + '\n```')).toMatchObject({ summary: expect.any(String) });
    expect(readAnswer('no json')).toBe('the answer was not JSON');
    expect(readAnswer('{"findings": []}')).toMatch(/summary/);
  });

  it('asks the analysis model for JSON and returns the checked analysis', async () => {
    openai.answer(GOOD);
    const analysis = await createTextAnalyzer(config()).analyze(
      { kind: 'logs', name: 'api', text: 'ECONNREFUSED 127.0.0.1:5432' },
      signal(),
    );
    expect(analysis).toEqual({ ...JSON.parse(GOOD), model: 'gpt-4o-mini' });
    const sent = openai.requests[0]!;
    expect(sent.response_format).toEqual({ type: 'json_object' });
    expect(sent.messages.at(-1)?.content).toContain('ECONNREFUSED');
  });

  it('tries once more on an answer that is not the JSON asked for, then gives up', async () => {
    openai.answer('Sure! Here is my analysis.', GOOD);
    const analyzer = createTextAnalyzer(config());
    const analysis = await analyzer.analyze({ kind: 'text', name: 'a.txt', text: 'x' }, signal());
    expect(analysis.summary).toBe('The database refused connections.');
    expect(openai.requests[1]?.messages.at(-1)?.content).toContain('did not fit');

    openai.answer('nope', '{"summary": ""}');
    const failed = analyzer.analyze({ kind: 'text', name: 'a.txt', text: 'x' }, signal());
    await expect(failed).rejects.toThrow(/no usable analysis twice/);
  });

  it('is off without OPENAI_API_KEY and says what to set', async () => {
    const analyzer = createTextAnalyzer({ ...config(), apiKey: undefined });
    expect(analyzer.configured).toBe(false);
    const err = await analyzer
      .analyze({ kind: 'text', name: 'a', text: 'x' }, signal())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('not_configured');
    expect((err as DomainError).message).toContain('OPENAI_API_KEY');
  });

  it('gives up after AI_TIMEOUT_MS and reports API errors as unavailable', async () => {
    const analyzer = createTextAnalyzer({ ...config(), timeoutMs: 1_000 });
    openai.answer({ content: GOOD, delayMs: 3_000 });
    await expect(
      analyzer.analyze({ kind: 'text', name: 'a', text: 'x' }, signal()),
    ).rejects.toThrow(/within 1000 ms/);
    openai.answer({ status: 429, message: 'Rate limit reached' });
    await expect(
      analyzer.analyze({ kind: 'text', name: 'a', text: 'x' }, signal()),
    ).rejects.toThrow(/refused the request \(429\): .*Rate limit/);
  });
});
