export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86_400)
    return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
  return `${Math.floor(seconds / 86_400)} d ${Math.floor((seconds % 86_400) / 3600)} h`;
}

export function formatAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  if (seconds < 5) return 'just now';
  // Past a day the hours are noise: "3 d ago".
  if (seconds >= 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return `${formatDuration(seconds)} ago`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
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
