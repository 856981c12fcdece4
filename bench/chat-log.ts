// The chat log's write rate: chat messages fed to stream-bot's recorder (as the
// chat connector does) until they are stored with their chatters and stream
// sessions, against a baseline of one plain INSERT per message on the same
// database, both through Prisma on PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@homelab/nats/db';
import { createLogger } from '@homelab/nats/runtime';
import { createChatRecorder } from '../stream-bot/src/analytics/recorder.ts';
import type { IncomingChatMessage } from '../stream-bot/src/chat/types.ts';
import { createChatLogStore } from '../stream-bot/src/db/chat-log-store.ts';
import { PrismaClient } from '../stream-bot/src/generated/prisma/client.ts';
import { createServiceDatabase } from '../tools/test-env/mod.ts';
import type { Figures } from './lib/stats.ts';

const MIGRATIONS = fileURLToPath(new URL('../stream-bot/prisma/migrations', import.meta.url));
const CHANNELS = ['alpha', 'beta', 'gamma', 'delta'];

function messages(n: number, tag: string): IncomingChatMessage[] {
  const start = Date.now() - n * 50;
  return Array.from({ length: n }, (_, i) => {
    const k = (i * 7919) % 500;
    return {
      platform: 'twitch',
      ownerId: '00000000-0000-0000-0000-000000000001',
      channel: CHANNELS[i % CHANNELS.length]!,
      messageId: `${tag}-${i}`,
      chatterId: `u${k}`,
      chatterLogin: `viewer${k}`,
      chatterName: `Viewer${k}`,
      text: i % 10 === 0 ? '!fact' : `chat line number ${i} with a few words in it`,
      badges: k % 5 === 0 ? ['subscriber/12'] : [],
      role: 'everyone',
      sentAt: new Date(start + i * 50),
      self: false,
    };
  });
}

export async function benchChatLog(adminUrl: string, n = 5000): Promise<Figures[]> {
  const database = await createServiceDatabase(adminUrl, 'bench_chatlog');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-chatlog-'));
  const db = await openDatabase({
    url: database.url,
    dataDir,
    migrationsDir: MIGRATIONS,
    createClient: (adapter) => new PrismaClient({ adapter }),
  });
  const rows: Figures[] = [];
  try {
    {
      const started = performance.now();
      for (const m of messages(n, 'plain')) {
        await db.sql.execute(
          `INSERT INTO chat_messages (platform, channel, message_id, chatter_id, chatter_login,
  chatter_name, text, badges, sent_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::timestamptz)`,
          [
            m.platform,
            m.channel,
            m.messageId,
            m.chatterId,
            m.chatterLogin,
            m.chatterName,
            m.text,
            m.badges,
            m.sentAt.toISOString(),
          ],
        );
      }
      rows.push({
        name: 'chat_messages, one INSERT per message (no chatters, no sessions)',
        perSecond: (n / (performance.now() - started)) * 1000,
      });
    }
    {
      const recorder = createChatRecorder({
        store: createChatLogStore(db.sql, { sessionGapMinutes: 30 }),
        logger: createLogger({ level: 'silent', service: 'bench', version: '0' }),
      });
      const feed = messages(n, 'recorder');
      const started = performance.now();
      for (const m of feed) recorder.listener(m);
      await recorder.flush();
      const perSecond = (n / (performance.now() - started)) * 1000;
      await recorder.stop();
      const { stored, dropped } = recorder.stats();
      rows.push({
        name: 'stream-bot chat log recorder (message + chatter + session)',
        perSecond,
        baseline: 'chat_messages, one INSERT per message (no chatters, no sessions)',
        note: `${stored}/${n} stored, ${dropped} dropped; batches of 200, one transaction each`,
      });
    }
  } finally {
    await db.close();
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
}
