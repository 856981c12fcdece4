import { describe, expect, it } from 'vitest';
import type { LiveChatMessage } from './youtube-api.ts';
import { roleOf, textOf, toIncoming } from './youtube-incoming.ts';

const OWNER = 'UCowner0000000000000000001';

function message(
  author: Partial<LiveChatMessage['authorDetails']>,
  snippet: Partial<LiveChatMessage['snippet']> = {},
): LiveChatMessage {
  return {
    id: 'LCC.1',
    snippet: {
      type: 'textMessageEvent',
      publishedAt: '2026-11-28T12:00:00Z',
      displayMessage: 'hello there',
      textMessageDetails: { messageText: 'hello there' },
      ...snippet,
    },
    authorDetails: {
      channelId: 'UCviewer',
      displayName: 'Viewer Vee',
      isChatOwner: false,
      isChatModerator: false,
      isChatSponsor: false,
      ...author,
    },
  };
}

describe('YouTube chat messages', () => {
  it('maps owner, moderator and member to broadcaster, moderator and subscriber', () => {
    expect(roleOf(message({ isChatOwner: true, isChatModerator: true }).authorDetails)).toBe(
      'broadcaster',
    );
    expect(roleOf(message({ isChatModerator: true, isChatSponsor: true }).authorDetails)).toBe(
      'moderator',
    );
    expect(roleOf(message({ isChatSponsor: true }).authorDetails)).toBe('subscriber');
    expect(roleOf(message({}).authorDetails)).toBe('everyone');
  });

  it('reads only text messages', () => {
    expect(textOf(message({}))).toBe('hello there');
    expect(textOf(message({}, { type: 'superChatEvent' }))).toBeNull();
    expect(textOf(message({}, { textMessageDetails: undefined, displayMessage: 'shown' }))).toBe(
      'shown',
    );
  });

  it('turns a message into an IncomingChatMessage; the connected channel’s own lines are self', () => {
    const viewer = toIncoming('user-1', OWNER, message({ isChatSponsor: true }), 'hello there');
    expect(viewer).toEqual({
      platform: 'youtube',
      ownerId: 'user-1',
      channel: OWNER,
      messageId: 'LCC.1',
      chatterId: 'UCviewer',
      chatterLogin: 'viewer vee',
      chatterName: 'Viewer Vee',
      text: 'hello there',
      badges: ['member/1'],
      role: 'subscriber',
      sentAt: new Date('2026-11-28T12:00:00Z'),
      self: false,
    });
    const own = toIncoming('user-1', OWNER, message({ channelId: OWNER, isChatOwner: true }), 'hi');
    expect(own).toMatchObject({ self: true, role: 'broadcaster', badges: ['owner/1'] });
  });
});
