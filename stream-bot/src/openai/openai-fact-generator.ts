// Facts written by a language model through the official openai SDK. Any
// server that speaks the OpenAI chat-completions API works (OPENAI_BASE_URL).
import OpenAI from 'openai';
import type { OpenAiConfig } from '../config.ts';
import type { FactGenerator } from '../domain/facts.ts';
import { buildFactPrompt } from './fact-prompt.ts';

/** A slow model must not hold an HTTP request for long; the service asks again instead. */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface OpenAiFactGeneratorOptions extends Pick<
  OpenAiConfig,
  'apiKey' | 'baseUrl' | 'factsModel'
> {
  timeoutMs?: number;
}

export function createOpenAiFactGenerator(options: OpenAiFactGeneratorOptions): FactGenerator {
  const client = new OpenAI({
    // Local servers (Ollama, LM Studio) need no key, but the SDK insists on one.
    apiKey: options.apiKey ?? 'no-key-needed',
    ...(options.baseUrl ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
    // The fact service retries with its own checks and within its own time budget.
    maxRetries: 0,
  });
  const model = options.factsModel;

  return {
    model,
    async generate(avoid, timeoutMs) {
      const prompt = buildFactPrompt(avoid);
      const completion = await client.chat.completions.create(
        {
          model,
          messages: [
            { role: 'system', content: prompt.system },
            { role: 'user', content: prompt.user },
          ],
          max_tokens: 200,
          temperature: 1,
        },
        { timeout: Math.min(options.timeoutMs ?? REQUEST_TIMEOUT_MS, timeoutMs) },
      );
      return completion.choices[0]?.message.content ?? '';
    },
  };
}
