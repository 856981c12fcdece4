// The answers of the built-in commands, as plain functions of what they need.
import type { BuiltinCommand } from '../bot/settings.ts';
import type { Role } from '../chat/types.ts';
import type { SongCommandContext, SongCommands } from '../spotify/song-commands.ts';
import { MAX_CHAT_LINE } from './template.ts';

/** Built-ins only some may run (the others are for everyone). */
export const BUILTIN_PERMISSION: Partial<Record<BuiltinCommand, Role>> = { skip: 'moderator' };

/** Built-ins without the channel cooldown: !sr has the song-request limits per viewer instead. */
export const WITHOUT_CHANNEL_COOLDOWN: readonly BuiltinCommand[] = ['sr', 'skip'];

/** !song, !sr and !skip, answered by the Spotify side when the service has one. */
export function spotifyReply(
  songs: SongCommands | undefined,
  name: 'song' | 'sr' | 'skip',
  ctx: SongCommandContext,
): Promise<string> {
  if (!songs) return Promise.resolve('Spotify is not set up for this bot.');
  switch (name) {
    case 'song':
      return songs.song(ctx);
    case 'sr':
      return songs.request(ctx);
    case 'skip':
      return songs.skip(ctx);
  }
}

/** "2h 5m", "3m 12s", "1d 4h": the two largest units. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'm'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

export function uptimeReply(channel: string, since: Date | null, now: number): string {
  return since
    ? `The bot has been connected to #${channel} for ${formatDuration(now - since.getTime())}.`
    : `The bot is not connected to #${channel} right now.`;
}

/** "Commands: !fact, !uptime, !discord" — cut with "(+N more)" to fit one chat line. */
export function commandsReply(prefix: string, names: string[]): string {
  if (names.length === 0) return 'There are no commands you can use here.';
  const head = 'Commands: ';
  const listed: string[] = [];
  for (const [i, name] of names.entries()) {
    const left = names.length - i - 1;
    const tail = left > 0 ? ` (+${left} more)` : '';
    const next = [...listed, `${prefix}${name}`].join(', ');
    if ((head + next + tail).length > MAX_CHAT_LINE) {
      return `${head}${listed.join(', ')} (+${names.length - listed.length} more)`;
    }
    listed.push(`${prefix}${name}`);
  }
  return head + listed.join(', ');
}

export function factReply(prefix: string, text: string): string {
  return prefix ? `${prefix} ${text}` : text;
}
