// Whether the bot can answer mentions at all, and what to tell the owner.
import { aiConfigured, type ChatAiConfig, type OpenAiConfig } from '../config.ts';

export interface PersonalityAvailability {
  available: boolean;
  /** A sentence for the settings page: what is used, or what to set. */
  hint: string;
}

export function personalityAvailability(
  openai: Pick<OpenAiConfig, 'apiKey' | 'baseUrl'>,
  chat: Pick<ChatAiConfig, 'moderation' | 'modelOverride'>,
): PersonalityAvailability {
  if (!aiConfigured(openai)) {
    return {
      available: false,
      hint:
        'The bot personality needs a chat model: set OPENAI_API_KEY, or OPENAI_BASE_URL for an ' +
        'OpenAI-compatible server such as Ollama, and restart stream-bot.',
    };
  }
  const model = chat.modelOverride
    ? `the model ${chat.modelOverride} (CHAT_MODEL)`
    : 'the model chosen in its settings';
  const moderation = chat.moderation
    ? 'every mention and answer is checked by the moderation endpoint first'
    : 'moderation is off (CHAT_MODERATION=off)';
  return {
    available: true,
    hint: `Mentions are answered with ${model} in the channels that opted in; ${moderation}.`,
  };
}
