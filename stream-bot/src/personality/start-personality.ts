// Puts the personality on the chat: with a chat model configured it listens
// to every bot's chat through the connector and forgets an owner's cached
// settings when they change; without one it stays off and says why.
import type { Logger } from '@homelab/nats/runtime';
import type { BotSettings } from '../bot/settings.ts';
import type { ChatListener, ChatSender } from '../chat/types.ts';
import type { ChatAiConfig, OpenAiConfig } from '../config.ts';
import { personalityAvailability, type PersonalityAvailability } from './availability.ts';
import { createPersonality, type PersonalityOptions } from './personality.ts';
import { createPersonalityAi } from './personality-ai.ts';

/** What the personality needs of the chat connector. */
export interface PersonalityChat {
  addListener(listener: ChatListener): () => void;
  sender: ChatSender;
  botLoginOf: PersonalityOptions['botLoginOf'];
}

/** What it needs of the bot-config store. */
export interface PersonalityConfigs {
  get(userId: string): Promise<BotSettings>;
  onChange(listener: (userId: string, what: string) => void): () => void;
}

export interface RunningPersonality {
  availability: PersonalityAvailability;
  /** Stops listening and waits for the answers in flight. */
  stop(): Promise<void>;
}

export function startPersonality(deps: {
  openai: Pick<OpenAiConfig, 'apiKey' | 'baseUrl'>;
  chat: ChatAiConfig;
  configs: PersonalityConfigs;
  connector: PersonalityChat;
  log: Logger;
}): RunningPersonality {
  const availability = personalityAvailability(deps.openai, deps.chat);
  const log = deps.log.child({ component: 'personality' });
  if (!availability.available) {
    log.info(availability.hint);
    return { availability, stop: () => Promise.resolve() };
  }
  const personality = createPersonality({
    ai: createPersonalityAi(deps.openai),
    settingsOf: (userId) => deps.configs.get(userId),
    botLoginOf: deps.connector.botLoginOf,
    sender: deps.connector.sender,
    log,
    moderation: deps.chat.moderation,
    modelOverride: deps.chat.modelOverride,
    timeoutMs: deps.chat.timeoutMs,
  });
  const stopConfigs = deps.configs.onChange((userId, what) => {
    if (what === 'settings') personality.invalidate(userId);
  });
  const stopListening = deps.connector.addListener(personality.listener);
  log.info(availability.hint);
  return {
    availability,
    async stop() {
      stopListening();
      stopConfigs();
      await personality.stop();
    },
  };
}
