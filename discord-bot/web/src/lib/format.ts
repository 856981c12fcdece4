// How errors, durations, ages and times read on discord-bot's pages.
import { formatDuration } from '@homelab/nats/ui';

export { errorText, formatDuration } from '@homelab/nats/ui';

export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 5) return 'just now';
  // Past a day the hours are noise: "3 d ago".
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return `${formatDuration(seconds)} ago`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Discord ids are 17–20 digit numbers. */
export function isSnowflake(value: string): boolean {
  return /^\d{17,20}$/.test(value);
}
