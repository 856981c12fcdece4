// The two calls the personality makes through the official openai SDK:
// moderation (omni-moderation-latest) and a chat completion. Any server with
// OpenAI's API shapes works; both calls share the caller's deadline.
import OpenAI from 'openai';
import type { OpenAiConfig } from '../config.ts';

export const MODERATION_MODEL = 'omni-moderation-latest';

export interface ModerationVerdict {
  flagged: boolean;
  /** The categories that flagged it, e.g. ['harassment']. */
  categories: string[];
}

export interface ChatRequest {
  model: string;
  system: string;
  user: string;
  maxTokens: number;
}

export interface PersonalityAi {
  moderate(text: string, signal: AbortSignal): Promise<ModerationVerdict>;
  complete(request: ChatRequest, signal: AbortSignal): Promise<string>;
}

export function createPersonalityAi(
  openai: Pick<OpenAiConfig, 'apiKey' | 'baseUrl'>,
): PersonalityAi {
  const client = new OpenAI({
    // Local servers (Ollama, LM Studio) need no key, but the SDK insists on one.
    apiKey: openai.apiKey ?? 'no-key-needed',
    ...(openai.baseUrl ? { baseURL: openai.baseUrl } : {}),
    // A chat answer that comes late is worth nothing; one attempt, within the caller's deadline.
    maxRetries: 0,
  });

  return {
    async moderate(text, signal) {
      const res = await client.moderations.create(
        { model: MODERATION_MODEL, input: text },
        { signal },
      );
      const results = res.results;
      if (results.length === 0) throw new Error('the moderation answer had no result');
      const categories = results.flatMap((r) =>
        Object.entries(r.categories)
          .filter(([, hit]) => hit === true)
          .map(([name]) => name),
      );
      return { flagged: results.some((r) => r.flagged), categories: [...new Set(categories)] };
    },
    async complete(request, signal) {
      const completion = await client.chat.completions.create(
        {
          model: request.model,
          messages: [
            { role: 'system', content: request.system },
            { role: 'user', content: request.user },
          ],
          max_tokens: request.maxTokens,
          temperature: 0.8,
        },
        { signal },
      );
      return completion.choices[0]?.message.content ?? '';
    },
  };
}
