// The bot personality: a chat listener that answers viewers who mention the
// bot, in the owner's persona, in the channels that opted in. The listener
// only filters and returns; settings, limits, moderation and the model run
// detached on a small queue, and every failure ends in a log line.
import type { Logger } from '@homelab/nats/runtime';
import type { BotSettings } from '../bot/settings.ts';
import type { ChatListener, ChatSender, IncomingChatMessage, Platform } from '../chat/types.ts';
import { addressOf, cleanAnswer } from './answer-text.ts';
import { mentionsBot } from './mention.ts';
import type { PersonalityAi } from './personality-ai.ts';
import { buildSystemPrompt, buildUserMessage, maxTokensFor } from './prompt.ts';
import { createMentionRateLimiter, type ChannelCap } from './rate-limit.ts';
import { createWorkQueue } from './work-queue.ts';

export interface PersonalityOptions {
  ai: PersonalityAi;
  /** The owner's bot settings (the bot-config store's get). */
  settingsOf(ownerId: string): Promise<BotSettings>;
  /**
   * The name the owner's bot chats as on the platform (Twitch: its login; YouTube: the
   * connected channel's title); undefined when not connected there.
   */
  botLoginOf(
    ownerId: string,
    platform: Platform,
  ): string | null | undefined | Promise<string | null | undefined>;
  sender: ChatSender;
  log: Logger;
  /** Check the viewer's text and the answer with the moderation endpoint (default true). */
  moderation?: boolean;
  /** Used instead of each owner's personality.model when set (CHAT_MODEL). */
  modelOverride?: string | undefined;
  /** Moderation, completion and answer check together (default 15 s). */
  timeoutMs?: number;
  /** How long an owner's settings are reused (default 5 s). */
  settingsTtlMs?: number;
  channelCaps?: readonly ChannelCap[];
  /** Answers in flight at once (default 2) and mentions waiting beyond them (default 4). */
  concurrency?: number;
  maxWaiting?: number;
  now?: () => number;
}

export interface Personality {
  listener: ChatListener;
  /** Forgets the cached settings of an owner (call it when they change). */
  invalidate(ownerId: string): void;
  /** Resolves when every accepted mention has been answered or given up. */
  idle(): Promise<void>;
  /** Takes no new mentions and waits for the ones in flight. */
  stop(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

export function createPersonality(options: PersonalityOptions): Personality {
  const { ai, sender, log } = options;
  const now = options.now ?? Date.now;
  const moderation = options.moderation ?? true;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const settingsTtlMs = options.settingsTtlMs ?? 5_000;
  const limiter = createMentionRateLimiter(options.channelCaps, now);
  const queue = createWorkQueue({
    concurrency: options.concurrency ?? 2,
    maxWaiting: options.maxWaiting ?? 4,
    onError: (err) => log.error({ err }, 'personality: answer failed'),
  });
  const settingsCache = new Map<string, { until: number; value: Promise<BotSettings> }>();
  const accepting = new Set<Promise<void>>();
  let stopped = false;

  function settingsOf(ownerId: string): Promise<BotSettings> {
    const cached = settingsCache.get(ownerId);
    if (cached && cached.until > now()) return cached.value;
    const value = options.settingsOf(ownerId);
    settingsCache.set(ownerId, { until: now() + settingsTtlMs, value });
    value.catch(() => settingsCache.delete(ownerId));
    return value;
  }

  async function accept(message: IncomingChatMessage, botLogin: string): Promise<void> {
    const settings = await settingsOf(message.ownerId);
    const { personality } = settings;
    if (!personality.enabledChannels.includes(message.channel)) return;
    const names = personality.names.length > 0 ? personality.names : [botLogin];
    if (!names.some((name) => mentionsBot(message.text, name))) return;
    if (message.text.trimStart().startsWith(settings.prefix)) return;
    const refusal = limiter.acquire(
      `${message.ownerId}/${message.channel}`,
      message.chatterId,
      personality.userCooldownSeconds * 1000,
    );
    const where = { channel: message.channel, chatter: message.chatterLogin };
    if (refusal) return void log.debug({ ...where, refusal }, 'personality: mention not answered');
    if (!queue.push(() => answer(message, settings, botLogin))) {
      log.warn(where, 'personality: too many mentions in flight; one dropped');
    }
  }

  async function answer(message: IncomingChatMessage, settings: BotSettings, botLogin: string) {
    const started = now();
    const { personality } = settings;
    const where = { channel: message.channel, chatter: message.chatterLogin };
    const signal = AbortSignal.timeout(timeoutMs);
    const viewer = addressOf(message.chatterLogin, message.chatterName);
    const model = options.modelOverride ?? personality.model;
    try {
      if (moderation) {
        const verdict = await ai.moderate(message.text, signal);
        if (verdict.flagged) {
          return log.info(
            { ...where, categories: verdict.categories },
            'personality: mention flagged by moderation; not answered',
          );
        }
      }
      const raw = await ai.complete(
        {
          model,
          system: buildSystemPrompt({
            persona: personality.persona,
            botLogin,
            channel: message.channel,
            viewer,
            maxLength: personality.maxLength,
          }),
          user: buildUserMessage(viewer, message.text),
          maxTokens: maxTokensFor(personality.maxLength),
        },
        signal,
      );
      const line = cleanAnswer(raw, viewer, personality.maxLength);
      if (line === null)
        return log.warn({ ...where, model }, 'personality: empty answer; not posted');
      if (moderation) {
        const verdict = await ai.moderate(line, signal);
        if (verdict.flagged) {
          return log.warn(
            { ...where, model, categories: verdict.categories },
            'personality: answer flagged by moderation; not posted',
          );
        }
      }
      await sender.say(message.platform, message.ownerId, message.channel, line, message.messageId);
      log.info({ ...where, model, ms: now() - started }, 'personality: answered a mention');
    } catch (err) {
      if (signal.aborted) {
        return log.warn({ ...where, model, timeoutMs }, 'personality: no answer in time; dropped');
      }
      log.warn({ ...where, model, err }, 'personality: could not answer a mention');
    }
  }

  // Whether a line may be for the bot; accept() then checks the names it goes by in that channel.
  function addressed(message: IncomingChatMessage, botLogin: string | null | undefined) {
    return !!botLogin && message.chatterLogin !== botLogin.toLowerCase();
  }

  function track(work: Promise<void>) {
    const task = work
      .catch((err: unknown) => log.warn({ err }, 'personality: could not take a mention'))
      .finally(() => accepting.delete(task));
    accepting.add(task);
  }

  const listener: ChatListener = (message) => {
    if (stopped || message.self) return;
    const login = options.botLoginOf(message.ownerId, message.platform);
    if (login instanceof Promise) {
      track(login.then((l) => (l && addressed(message, l) ? accept(message, l) : undefined)));
    } else if (login && addressed(message, login)) {
      track(accept(message, login));
    }
  };

  async function idle(): Promise<void> {
    while (accepting.size > 0) await Promise.all(accepting);
    await queue.idle();
  }

  return {
    listener,
    invalidate: (ownerId) => void settingsCache.delete(ownerId),
    idle,
    async stop() {
      stopped = true;
      await idle();
    },
  };
}
