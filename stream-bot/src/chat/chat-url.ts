// TWITCH_CHAT_URL as @twurple/chat takes it. ChatClient has no port option: it
// builds `ws(s)://<hostName>:<80|443>`. For Twitch's own URL that is right;
// for any other port the port goes into hostName and a trailing '/' turns the
// appended `:80`/`:443` into a path segment (`ws://127.0.0.1:4567/:80`), which
// a server serving chat on every path (the local stand-in does) accepts.
export interface ChatTarget {
  hostName: string;
  ssl: boolean;
}

export function chatTarget(chatUrl: string): ChatTarget {
  const url = new URL(chatUrl);
  const ssl = url.protocol === 'wss:';
  const defaultPort = url.port === '' || url.port === (ssl ? '443' : '80');
  if (defaultPort && url.pathname === '/') return { hostName: url.hostname, ssl };
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return { hostName: `${url.host}${path}`, ssl };
}
