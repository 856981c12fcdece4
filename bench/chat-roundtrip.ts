// A viewer's `!fact` in Twitch chat to the bot's answer in chat: the real
// stream-bot in its own process on Postgres and nats-server, logged in with
// Twitch through the local stand-in (the real OAuth flow), its bot connected
// through @twurple/chat. One command in flight at a time, timed at the
// stand-in from the viewer's PRIVMSG to the bot's. Baseline: a bare
// ChatClient in this process that echoes every line (no service, no database).
//
// TWITCH_BOT_LEVEL=verified lifts twurple's 100-lines-per-30-s bucket (Twitch's
// limit for a moderator's account); without it a thousand answers would take
// five minutes and measure the limiter, not the bot.
import { RefreshingAuthProvider } from '@twurple/auth';
import { ChatClient } from '@twurple/chat';
import type { NatsServerHandle } from '../tools/test-env/mod.ts';
import { startTwitchStandIn, type TwitchStandIn } from '../tools/test-env/twitch-stand-in.ts';
import { startServiceProcess } from './lib/service-process.ts';
import { sequential, type Figures } from './lib/stats.ts';

const TOKEN_KEY = '5a'.repeat(32);
const CHANNEL = 'bench_streamer';

/** Sends a viewer line and resolves with the next line a bot says in the channel. */
function roundTrip(standIn: TwitchStandIn, channel: string, text: string) {
  return async () => {
    const answered = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no answer to "${text}" in #${channel} within 5 s`));
      }, 5_000);
      const stop = standIn.onBotMessage((m) => {
        if (m.channel !== channel) return;
        clearTimeout(timer);
        stop();
        resolve();
      });
    });
    standIn.viewerSays(channel, { login: 'bench_viewer', text });
    await answered;
  };
}

/**
 * Logs in with Twitch the way a browser does: follows the redirects (service → stand-in's
 * consent → callback) with a cookie jar; returns the session's Cookie header. The service
 * names itself http://localhost:<port> (its PUBLIC_URL default); that is sent to its own URL.
 */
async function twitchLogin(baseUrl: string, standIn: TwitchStandIn): Promise<string> {
  standIn.consentAs({ login: CHANNEL, userId: '7001', scopes: ['chat:read', 'chat:edit'] });
  const own = new URL(baseUrl);
  const jar = new Map<string, string>();
  let next = new URL('/auth/twitch/login', baseUrl);
  for (let hop = 0; hop < 8; hop++) {
    if (next.port === own.port && next.hostname === 'localhost') next.host = own.host;
    const cookie = next.origin === own.origin ? [...jar].map(([k, v]) => `${k}=${v}`) : [];
    const res = await fetch(next, { redirect: 'manual', headers: { cookie: cookie.join('; ') } });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const session = jar.get('sb_session');
    if (session) return `sb_session=${session}`;
    const location = res.headers.get('location');
    if (!location) throw new Error(`Twitch login stopped at ${next.pathname}: HTTP ${res.status}`);
    next = new URL(location, next);
  }
  throw new Error('Twitch login: too many redirects');
}

async function call(baseUrl: string, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { cookie, origin: baseUrl, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function echoBaseline(standIn: TwitchStandIn, n: number) {
  // twurple validates the token at id.twitch.tv unless this is set (the service gets it too).
  process.env.TWURPLE_MOCK_API_PORT = String(standIn.port);
  const token = standIn.issueToken({ login: 'echo_bot', userId: '7002' });
  const auth = new RefreshingAuthProvider({
    clientId: standIn.clientId,
    clientSecret: standIn.clientSecret,
  });
  auth.addUser('7002', { ...token }, ['chat']);
  const client = new ChatClient({
    authProvider: auth,
    hostName: standIn.chatHostName,
    ssl: false,
    channels: ['echo_bot'],
    isAlwaysMod: true,
    botLevel: 'verified',
    logger: { minLevel: 'critical' },
  });
  const joined = new Promise<void>((resolve, reject) => {
    client.onJoin(() => resolve());
    setTimeout(() => reject(new Error('the echo client did not join within 10 s')), 10_000);
  });
  client.onMessage((channel, _user, text) => void client.say(channel, `echo ${text}`));
  client.connect();
  await joined;
  try {
    const once = roundTrip(standIn, 'echo_bot', 'hello');
    await sequential(200, once);
    return await sequential(n, once);
  } finally {
    client.quit();
  }
}

export async function benchChatRoundTrip(
  nats: NatsServerHandle,
  pgAdminUrl: string,
  n = 1000,
): Promise<Figures[]> {
  const standIn = await startTwitchStandIn();
  const svc = await startServiceProcess({
    dir: 'stream-bot',
    user: 'streambot',
    nats,
    pgAdminUrl,
    env: {
      TWITCH_CLIENT_ID: standIn.clientId,
      TWITCH_CLIENT_SECRET: standIn.clientSecret,
      TOKEN_ENCRYPTION_KEY: TOKEN_KEY,
      TWITCH_AUTH_URL: standIn.authUrl,
      TWITCH_API_URL: `${standIn.url}/mock`,
      TWITCH_CHAT_URL: standIn.chatUrl,
      TWURPLE_MOCK_API_PORT: String(standIn.port),
      TWITCH_BOT_LEVEL: 'verified',
    },
  });
  try {
    const cookie = await twitchLogin(svc.url, standIn);
    await call(svc.url, cookie, 'PUT', '/api/bot/config', {
      factSettings: { cooldownSeconds: 0, userCooldownSeconds: 0 },
    });
    await call(svc.url, cookie, 'POST', '/api/bot/connect');
    for (let i = 0; ; i++) {
      const status = await call(svc.url, cookie, 'GET', '/api/bot/status');
      if (status.state === 'connected' && (status.channels as string[]).includes(CHANNEL)) break;
      if (i > 100) throw new Error(`the bot did not connect: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const count = Math.max(n, 1000);
    const echo = await echoBaseline(standIn, count);
    const fact = roundTrip(standIn, CHANNEL, '!fact');
    await sequential(100, fact);
    const sample = standIn.botMessages(CHANNEL).at(-1)?.text ?? '';
    console.error(`  a !fact answer: ${sample}`);
    if (sample.length < 20) throw new Error(`!fact answered "${sample}", not a fact`);
    const facts = await sequential(count, fact);
    const base = 'Twitch chat: bare ChatClient echo in-process, one at a time';
    return [
      { name: base, ...echo, note: 'stand-in → twurple → stand-in; no service' },
      {
        name: `stream-bot !fact chat round trip (${count}), one at a time`,
        ...facts,
        baseline: base,
        note: 'viewer PRIVMSG → bot process (command engine, fact pool, Postgres) → reply',
      },
    ];
  } finally {
    await svc.stop();
    await standIn.close();
  }
}
