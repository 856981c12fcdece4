// stream-bot's chat bot status and chat analytics as the dashboard's read
// models hold them: read-only, stream-bot owns both.
import { Hono } from 'hono';
import type {
  AnalyticsSummary,
  BotStatus,
  BotStatusChange,
} from '../domain/read-model-streambot.ts';
import type { ReadModel } from '../domain/read-model.ts';

export interface StreambotModels {
  botStatus: ReadModel<BotStatus, BotStatusChange>;
  analytics: ReadModel<AnalyticsSummary, null>;
}

export function streambotRoutes(models: StreambotModels) {
  return new Hono()
    .get('/status', async (c) => c.json(await models.botStatus.read()))
    .get('/analytics', async (c) => c.json(await models.analytics.read()));
}
