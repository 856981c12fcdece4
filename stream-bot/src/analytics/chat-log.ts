// The chat log's parts, put together for service.ts: the recorder (a
// ChatListener for the chat connector), the hourly roll-up and retention job,
// and the reads behind the API and the NATS summary. Registered with defer so
// they stop in the right order: the recorder writes its queue before the
// database closes.
import type { SqlDatabase } from '@homelab/nats';
import type { Defer, Logger } from '@homelab/nats/runtime';
import type { ChatLogConfig } from '../config.ts';
import { createAnalyticsStore } from '../db/analytics-store.ts';
import { createChatLogStore } from '../db/chat-log-store.ts';
import { createAnalytics } from './analytics.ts';
import { startChatLogJob } from './chat-log-job.ts';
import { createChatRecorder } from './recorder.ts';

export function startChatLog(options: {
  settings: ChatLogConfig;
  sql: SqlDatabase;
  logger: Logger;
  defer: Defer;
  prefixOf: (ownerId: string) => Promise<string>;
}) {
  const { settings, sql, defer } = options;
  const logger = options.logger.child({ component: 'chat-log' });
  const store = createChatLogStore(sql, settings);
  const reads = createAnalyticsStore(sql);
  const recorder = createChatRecorder({ store, logger, prefixOf: options.prefixOf });
  defer(() => recorder.stop());
  const job = startChatLogJob({ store, logger, ...settings });
  defer(() => job.stop());
  const analytics = createAnalytics({ reads, log: store, ...settings });
  return { recorder, job, reads, analytics };
}

export type ChatLog = ReturnType<typeof startChatLog>;
