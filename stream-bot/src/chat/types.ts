// The shapes the chat side of stream-bot shares: what a chat message looks
// like once it has been read off a platform, who may run what, and how a
// feature answers in chat. Transport (chat/), commands (commands/), the chat
// log (analytics/) and the personality (personality/) meet only here.

export const PLATFORMS = ['twitch', 'youtube'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Permission levels, lowest first; each level includes the ones above it in rank. */
export const ROLES = ['everyone', 'subscriber', 'vip', 'moderator', 'broadcaster'] as const;
export type Role = (typeof ROLES)[number];

/** A chat message as stream-bot sees it, whatever the platform. */
export interface IncomingChatMessage {
  platform: Platform;
  /** The stream-bot user whose bot read the message (users.id). */
  ownerId: string;
  /** Twitch: the channel's login, lower case, without '#'. YouTube: the channel's id (UC…). */
  channel: string;
  /** The platform's own message id (Twitch's `id` tag). */
  messageId: string;
  chatterId: string;
  /** Lower case. */
  chatterLogin: string;
  chatterName: string;
  text: string;
  /** The platform's badges as `name/version`, e.g. `subscriber/12`. */
  badges: string[];
  /** The highest role the chatter holds in this channel. */
  role: Role;
  sentAt: Date;
  /** True when the bot's own account wrote it (it is logged, never answered). */
  self: boolean;
}

/**
 * Posts a line in a channel as the owner's bot, on the given platform (answers go back where
 * the message came from). Rejects when the bot is not in that channel.
 */
export interface ChatSender {
  say(
    platform: Platform,
    ownerId: string,
    channel: string,
    text: string,
    replyTo?: string,
  ): Promise<void>;
}

/** Anything that wants every chat message (commands, chat log, personality, timers). Must not throw. */
export type ChatListener = (message: IncomingChatMessage) => void;

/** Whether a chatter with `role` may run something that needs `needed`. */
export function roleAllows(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}
