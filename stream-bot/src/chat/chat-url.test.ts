import { describe, expect, it } from 'vitest';
import { chatTarget } from './chat-url.ts';

describe('chatTarget', () => {
  it('keeps Twitch’s own URL as host name and TLS', () => {
    expect(chatTarget('wss://irc-ws.chat.twitch.tv:443')).toEqual({
      hostName: 'irc-ws.chat.twitch.tv',
      ssl: true,
    });
  });

  it('puts another port into the host name, with a slash so twurple’s port lands in the path', () => {
    expect(chatTarget('ws://127.0.0.1:4567')).toEqual({ hostName: '127.0.0.1:4567/', ssl: false });
    expect(chatTarget('ws://[::1]:4567/chat')).toEqual({
      hostName: '[::1]:4567/chat/',
      ssl: false,
    });
  });
});
