// The Twitch stand-in driven by the real @twurple/chat and @twurple/auth.
import { RefreshingAuthProvider } from '@twurple/auth';
import { ChatClient, type ChatMessage } from '@twurple/chat';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTwitchStandIn, type TwitchStandIn } from './twitch-stand-in.ts';

let standIn: TwitchStandIn;
const clients: ChatClient[] = [];

beforeAll(async () => {
  standIn = await startTwitchStandIn();
  vi.stubEnv('TWURPLE_MOCK_API_PORT', String(standIn.port));
});
afterEach(() => {
  for (const client of clients.splice(0)) client.quit();
  standIn.refuseConnections(false);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await standIn.close();
});

async function botFor(login: string, userId: string, grant: { expiresIn?: number } = {}) {
  const token = standIn.issueToken({ login, userId, ...grant });
  const auth = new RefreshingAuthProvider({
    clientId: standIn.clientId,
    clientSecret: standIn.clientSecret,
  });
  const refreshed: string[] = [];
  auth.onRefresh((_id, t) => refreshed.push(t.accessToken));
  auth.addUser(userId, { ...token }, ['chat']);
  const client = new ChatClient({
    authProvider: auth,
    hostName: standIn.chatHostName,
    ssl: false,
    channels: [login],
    isAlwaysMod: true,
    logger: { minLevel: 'critical' },
  });
  clients.push(client);
  return { client, token, refreshed };
}

function nextMessage(
  client: ChatClient,
): Promise<{ user: string; text: string; msg: ChatMessage }> {
  return new Promise((resolve) => {
    const listener = client.onMessage((_channel, user, text, msg) => {
      listener.unbind();
      resolve({ user, text, msg });
    });
  });
}

function authenticated(client: ChatClient): Promise<void> {
  return new Promise((resolve) => {
    const l = client.onJoin(() => {
      l.unbind();
      resolve();
    });
  });
}

describe('the Twitch stand-in', () => {
  it('answers /auth/validate with Twitch’s shape, and 401 for an unknown token', async () => {
    const token = standIn.issueToken({ login: 'Alice', userId: '111', scopes: ['chat:read'] });
    const ok = await fetch(`${standIn.authUrl}/validate`, {
      headers: { authorization: `OAuth ${token.accessToken}` },
    });
    expect(await ok.json()).toMatchObject({
      client_id: standIn.clientId,
      login: 'alice',
      scopes: ['chat:read'],
      user_id: '111',
      expires_in: expect.any(Number) as number,
    });
    const bad = await fetch(`http://localhost:${standIn.port}/auth/validate`, {
      headers: { authorization: 'OAuth nope' },
    });
    expect(bad.status).toBe(401);
  });

  it('lets a ChatClient log in and join, and relays a viewer’s message with Twitch’s tags', async () => {
    const { client } = await botFor('streamer1', '201');
    const joined = authenticated(client);
    client.connect();
    await joined;
    expect(standIn.joined('streamer1')).toEqual(['streamer1']);

    const incoming = nextMessage(client);
    const id = standIn.viewerSays('streamer1', {
      login: 'Viewer_One',
      badges: ['vip/1', 'subscriber/6'],
      text: 'hello there; friend',
    });
    const { user, text, msg } = await incoming;
    expect(user).toBe('viewer_one');
    expect(text).toBe('hello there; friend');
    expect(msg.id).toBe(id);
    expect(msg.userInfo.isVip).toBe(true);
    expect(msg.userInfo.isSubscriber).toBe(true);
    expect(msg.userInfo.displayName).toBe('Viewer_One');
    expect(msg.date.getTime()).toBeGreaterThan(Date.now() - 5_000);

    await client.say('streamer1', 'hi back', { replyTo: msg });
    const said = await standIn.waitForBotMessage('streamer1', (m) => m.text === 'hi back');
    expect(said).toMatchObject({ login: 'streamer1', replyTo: id });
  });

  it('refuses a bad token with “Login authentication failed”', async () => {
    const { client, token } = await botFor('streamer2', '202');
    standIn.revokeToken(token.accessToken);
    // twurple validates first; with an unknown token it never reaches the chat server.
    const failure = new Promise<string>((resolve) =>
      client.onTokenFetchFailure((e) => resolve(e.message)),
    );
    client.connect();
    expect(await failure).toMatch(/invalid|token/i);
  });

  it('sends NOTICE Login authentication failed for a PASS it does not know', async () => {
    const { WebSocket } = await import('ws');
    const ws = new WebSocket(standIn.chatUrl);
    const lines: string[] = [];
    await new Promise<void>((resolve) => ws.on('open', () => resolve()));
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    ws.on('message', (d) => lines.push(String(d).trim()));
    ws.send('PASS oauth:unknown\r\nNICK someone\r\n');
    await closed;
    expect(lines).toEqual([':tmi.twitch.tv NOTICE * :Login authentication failed']);
  });

  it('refreshes an expired token through /auth/token', async () => {
    const { client, refreshed } = await botFor('streamer3', '203', { expiresIn: 0 });
    const joined = authenticated(client);
    client.connect();
    await joined;
    expect(refreshed).toHaveLength(1);
    const check = await fetch(`${standIn.authUrl}/validate`, {
      headers: { authorization: `OAuth ${refreshed[0]}` },
    });
    expect(check.status).toBe(200);
  });

  it('drops connections and the client reconnects and rejoins; refused upgrades keep it out', async () => {
    const { client } = await botFor('streamer4', '204');
    const joined = authenticated(client);
    client.connect();
    await joined;
    const disconnected = new Promise<boolean>((resolve) =>
      client.onDisconnect((manually) => resolve(manually)),
    );
    standIn.refuseConnections(true);
    standIn.dropConnections();
    expect(await disconnected).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(standIn.joined('streamer4')).toEqual([]);
    const rejoined = authenticated(client);
    standIn.refuseConnections(false);
    await rejoined;
    expect(standIn.joined('streamer4')).toEqual(['streamer4']);
  });
});
