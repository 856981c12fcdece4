// Turns what Twitch's chat delivers (a PRIVMSG with its tags) into the
// platform-neutral IncomingChatMessage the features share. Pure: no client,
// no I/O, so it is tested on its own.
import type { IncomingChatMessage, Role } from './types.ts';

/** The parts of a Twitch chat line this needs (twurple's ChatMessage has them all). */
export interface TwitchLine {
  channel: string;
  id: string;
  userId: string;
  userName: string;
  displayName: string;
  /** Badge name → version, as in the `badges` tag. */
  badges: Map<string, string>;
  /** The `mod` tag said 1 (Twitch sets it for moderators without showing a badge, too). */
  isMod: boolean;
  text: string;
  sentAt: Date;
}

/**
 * The highest role the badges give: broadcaster > moderator > vip > subscriber
 * (a founder is a subscriber) > everyone. The channel's own login is always its broadcaster.
 */
export function roleFrom(
  badges: Map<string, string>,
  options: { isMod?: boolean; isOwner?: boolean } = {},
): Role {
  if (options.isOwner || badges.has('broadcaster')) return 'broadcaster';
  if (options.isMod || badges.has('moderator') || badges.has('lead_moderator')) return 'moderator';
  if (badges.has('vip')) return 'vip';
  if (badges.has('subscriber') || badges.has('founder')) return 'subscriber';
  return 'everyone';
}

export function toIncoming(ownerId: string, line: TwitchLine, self: boolean): IncomingChatMessage {
  const channel = line.channel.replace(/^#/, '').toLowerCase();
  const chatterLogin = line.userName.toLowerCase();
  return {
    platform: 'twitch',
    ownerId,
    channel,
    messageId: line.id,
    chatterId: line.userId,
    chatterLogin,
    chatterName: line.displayName || line.userName,
    text: line.text,
    badges: [...line.badges].map(([name, version]) => `${name}/${version}`),
    role: roleFrom(line.badges, { isMod: line.isMod, isOwner: chatterLogin === channel }),
    sentAt: line.sentAt,
    self,
  };
}
