// What the web UI and other services are told about a user's chat bot, and
// the service-wide summary (any bot connected, every channel, since when).
export const BOT_STATES = [
  'not_configured',
  'disabled',
  'connecting',
  'connected',
  'reconnecting',
  'error',
] as const;
export type BotState = (typeof BOT_STATES)[number];

export interface BotStatus {
  state: BotState;
  /** The Twitch account the bot chats as; null for the local account. */
  botLogin: string | null;
  /** Channels the bot is in right now (sorted). */
  channels: string[];
  /** ISO time of the current connection; null when not connected. */
  connectedSince: string | null;
  lastError: string | null;
  /** Times the connection dropped and was re-established since it was started. */
  reconnects: number;
  /** What to set or do next, for states that need a person (not_configured, disabled, error). */
  hint: string | null;
}

export interface BotStatusSummary {
  connected: boolean;
  channels: string[];
  connectedSince: string | null;
}

/** Connected if any bot is; the union of their channels; the earliest connectedSince. */
export function summarize(statuses: Iterable<BotStatus>): BotStatusSummary {
  const channels = new Set<string>();
  let connected = false;
  let since: string | null = null;
  for (const status of statuses) {
    if (status.state !== 'connected') continue;
    connected = true;
    for (const channel of status.channels) channels.add(channel);
    if (status.connectedSince && (since === null || status.connectedSince < since)) {
      since = status.connectedSince;
    }
  }
  return { connected, channels: [...channels].sort(), connectedSince: since };
}

export function sameStatus(a: BotStatus, b: BotStatus): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
