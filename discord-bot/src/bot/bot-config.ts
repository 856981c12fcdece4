// The bot's variable: DISCORD_TOKEN (absent or empty: the bot stays off and /api/bot/status says
// what to set). DISCORD_API_URL, shared with the web login, is in auth/auth-config.ts.
import { z } from 'zod';

export const botEnv = {
  DISCORD_TOKEN: z
    .string()
    .trim()
    .optional()
    .transform((token) => token?.replace(/^Bot\s+/i, '') || undefined)
    .refine((token) => token === undefined || /^[\w.-]+$/.test(token), {
      error: 'expected the bot token from the developer portal (Bot → Reset Token)',
    }),
};

export interface BotConfig {
  token: string | undefined;
  /** DISCORD_API_URL without a trailing slash, e.g. https://discord.com/api. */
  apiUrl: string;
}
