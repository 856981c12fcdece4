// The arithmetic of the analytics: a day's figures from the chat log's
// grouped counts, minute series, top lists, and UTC calendar days. Pure;
// db/chat-log-store.ts does the grouping in SQL and hands the counts here.

export const TOP_CHATTERS = 10;
const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface ChatterCount {
  login: string;
  messages: number;
}

/** What SQL hands over for one channel and one span of time. */
export interface ChatCounts {
  /** Messages per minute, only the minutes that had any. */
  perMinute: readonly { minute: Date; messages: number }[];
  /** One entry per chatter (by platform id). */
  perChatter: readonly ChatterCount[];
  perCommand: readonly { command: string; runs: number }[];
  /** Chatters whose first message in the channel falls in the span. */
  newChatters: number;
}

export interface DailyRollup {
  messages: number;
  uniqueChatters: number;
  newChatters: number;
  commandsRun: number;
  peakPerMinute: number;
  commandUsage: Record<string, number>;
  topChatters: ChatterCount[];
}

/** Most messages first; equal counts by login, so the order never depends on the database. */
export function topChatters(counts: readonly ChatterCount[], n = TOP_CHATTERS): ChatterCount[] {
  return [...counts]
    .sort((a, b) => b.messages - a.messages || a.login.localeCompare(b.login))
    .slice(0, n)
    .map(({ login, messages }) => ({ login, messages }));
}

/** Command name → runs, names in alphabetical order (stable JSON). */
export function commandUsage(
  perCommand: readonly { command: string; runs: number }[],
): Record<string, number> {
  const usage: Record<string, number> = {};
  for (const { command, runs } of [...perCommand].sort((a, b) =>
    a.command.localeCompare(b.command),
  )) {
    usage[command] = (usage[command] ?? 0) + runs;
  }
  return usage;
}

export function rollUp(counts: ChatCounts): DailyRollup {
  const usage = commandUsage(counts.perCommand);
  return {
    messages: counts.perMinute.reduce((sum, m) => sum + m.messages, 0),
    uniqueChatters: counts.perChatter.length,
    newChatters: counts.newChatters,
    commandsRun: Object.values(usage).reduce((sum, n) => sum + n, 0),
    peakPerMinute: counts.perMinute.reduce((max, m) => Math.max(max, m.messages), 0),
    commandUsage: usage,
    topChatters: topChatters(counts.perChatter),
  };
}

/** Adds several command-usage maps (several days or channels) into one. */
export function mergeUsage(maps: readonly Record<string, number>[]): Record<string, number> {
  return commandUsage(
    maps.flatMap((m) => Object.entries(m).map(([command, runs]) => ({ command, runs }))),
  );
}

/**
 * Messages for every minute from `from` to `to` (both truncated to the
 * minute), zeros included, so a chart has no holes.
 */
export function minuteSeries(
  from: Date,
  to: Date,
  perMinute: readonly { minute: Date; messages: number }[],
): { minute: string; messages: number }[] {
  const start = Math.floor(from.getTime() / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(to.getTime() / MINUTE_MS) * MINUTE_MS;
  const byMinute = new Map<number, number>();
  for (const m of perMinute) {
    const key = Math.floor(m.minute.getTime() / MINUTE_MS) * MINUTE_MS;
    byMinute.set(key, (byMinute.get(key) ?? 0) + m.messages);
  }
  const series = [];
  for (let t = start; t <= end; t += MINUTE_MS) {
    series.push({ minute: new Date(t).toISOString(), messages: byMinute.get(t) ?? 0 });
  }
  return series;
}

// Calendar days are UTC days, written YYYY-MM-DD.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** The day as a Date at 00:00 UTC, or null when the text is not a real YYYY-MM-DD date. */
export function parseDay(text: string): Date | null {
  if (!DAY.test(text)) return null;
  const start = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(start.getTime()) || dayOf(start) !== text ? null : start;
}

export function dayStart(day: string): Date {
  const start = parseDay(day);
  if (!start) throw new Error(`not a day: ${day}`);
  return start;
}

export function addDays(day: string, n: number): string {
  return dayOf(new Date(dayStart(day).getTime() + n * DAY_MS));
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}
