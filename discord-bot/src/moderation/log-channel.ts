// Lines in a guild's log channel (guild_settings.log_channel_id): moderation
// actions, members joining and leaving, deleted messages. A guild without a log
// channel gets none; a line that cannot be sent is logged, never thrown.
import type { Logger } from '@homelab/nats/runtime';
import type { Client } from 'discord.js';
import type { ModerationEntry } from './moderation.ts';

export interface LogChannel {
  line(guildId: string, text: string): Promise<void>;
}

export function createLogChannel(
  client: () => Client | null,
  logChannelOf: (guildId: string) => Promise<string | null>,
  logger: Logger,
): LogChannel {
  return {
    async line(guildId, text) {
      try {
        const channelId = await logChannelOf(guildId);
        const c = client();
        if (!channelId || !c?.isReady()) return;
        const channel = c.channels.cache.get(channelId) ?? (await c.channels.fetch(channelId));
        if (!channel?.isSendable()) return;
        await channel.send({ content: text.slice(0, 2000), allowedMentions: { parse: [] } });
      } catch (err) {
        logger.warn({ err, guildId }, 'could not write to the log channel');
      }
    },
  };
}

const VERB: Record<ModerationEntry['action'], string> = {
  warn: 'warned',
  timeout: 'timed out',
  kick: 'kicked',
  ban: 'banned',
};

/** "⏱️ mod_maria timed out pixel_pete (<@…>) for 10m: Spam" */
export function moderationLine(e: ModerationEntry): string {
  const icon = { warn: '⚠️', timeout: '⏱️', kick: '👢', ban: '🔨' }[e.action];
  const duration = e.durationSeconds ? ` for ${formatDuration(e.durationSeconds)}` : '';
  const reason = e.reason ? `: ${e.reason}` : '';
  return `${icon} **${e.moderator.username}** ${VERB[e.action]} **${e.target.username}** (<@${e.target.userId}>)${duration}${reason}`;
}

export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
    [1, 's'],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join(' ') || '0s';
}

/** "10m", "1h30m", "2d", "90s" or plain seconds → seconds; null when unreadable. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)(w|d|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    const n = Number(m[1]);
    const size = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 }[m[2] as 'w' | 'd' | 'h' | 'm' | 's'];
    total += n * size;
    consumed += m[0].length;
  }
  return consumed === t.length && consumed > 0 ? total : null;
}
