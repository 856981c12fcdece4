// Turns a YouTube live chat message into the platform-neutral IncomingChatMessage
// the features share. Pure. Roles: the chat's owner is its broadcaster, a
// moderator a moderator, a member (sponsor) a subscriber; the bot posts as the
// connected channel, so that channel's own lines are `self`.
import type { IncomingChatMessage, Role } from '../chat/types.ts';
import type { LiveChatMessage } from './youtube-api.ts';

export function roleOf(author: LiveChatMessage['authorDetails']): Role {
  if (author.isChatOwner) return 'broadcaster';
  if (author.isChatModerator) return 'moderator';
  if (author.isChatSponsor) return 'subscriber';
  return 'everyone';
}

/** The text of a text message; null for every other kind (super chats, deletions …). */
export function textOf(m: LiveChatMessage): string | null {
  if (m.snippet.type !== 'textMessageEvent') return null;
  return m.snippet.textMessageDetails?.messageText ?? m.snippet.displayMessage ?? null;
}

export function toIncoming(
  ownerId: string,
  channelId: string,
  m: LiveChatMessage,
  text: string,
): IncomingChatMessage {
  const a = m.authorDetails;
  return {
    platform: 'youtube',
    ownerId,
    channel: channelId,
    messageId: m.id,
    chatterId: a.channelId,
    chatterLogin: a.displayName.toLowerCase(),
    chatterName: a.displayName,
    text,
    badges: [
      ...(a.isChatOwner ? ['owner/1'] : []),
      ...(a.isChatModerator ? ['moderator/1'] : []),
      ...(a.isChatSponsor ? ['member/1'] : []),
    ],
    role: roleOf(a),
    sentAt: new Date(m.snippet.publishedAt),
    self: a.channelId === channelId,
  };
}
