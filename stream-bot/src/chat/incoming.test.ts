import { describe, expect, it } from 'vitest';
import { roleFrom, toIncoming } from './incoming.ts';

const badges = (...names: string[]) => new Map(names.map((n) => [n, '1'] as [string, string]));

describe('roleFrom', () => {
  it('takes the highest badge: broadcaster > moderator > vip > subscriber > everyone', () => {
    expect(roleFrom(badges('subscriber', 'vip', 'moderator', 'broadcaster'))).toBe('broadcaster');
    expect(roleFrom(badges('subscriber', 'vip', 'moderator'))).toBe('moderator');
    expect(roleFrom(badges('subscriber', 'vip'))).toBe('vip');
    expect(roleFrom(badges('subscriber'))).toBe('subscriber');
    expect(roleFrom(badges('founder'))).toBe('subscriber');
    expect(roleFrom(badges('premium', 'glhf-pledge'))).toBe('everyone');
    expect(roleFrom(new Map())).toBe('everyone');
  });

  it('counts the mod tag and the channel owner even without badges', () => {
    expect(roleFrom(new Map(), { isMod: true })).toBe('moderator');
    expect(roleFrom(badges('vip'), { isOwner: true })).toBe('broadcaster');
  });
});

describe('toIncoming', () => {
  it('normalises the channel and login and lists badges as name/version', () => {
    const message = toIncoming(
      'owner-1',
      {
        channel: '#Some_Channel',
        id: 'abc',
        userId: '42',
        userName: 'Viewer',
        displayName: '',
        badges: new Map([['subscriber', '12']]),
        isMod: false,
        text: '!fact',
        sentAt: new Date(0),
      },
      false,
    );
    expect(message).toEqual({
      platform: 'twitch',
      ownerId: 'owner-1',
      channel: 'some_channel',
      messageId: 'abc',
      chatterId: '42',
      chatterLogin: 'viewer',
      chatterName: 'Viewer',
      text: '!fact',
      badges: ['subscriber/12'],
      role: 'subscriber',
      sentAt: new Date(0),
      self: false,
    });
  });
});
