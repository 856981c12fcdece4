// Turns the daily rows of /api/analytics/daily (one per channel and day) into
// what the charts show: one value per calendar day, gaps as zero, and totals
// over the period.
import type { DailyRow } from './api.ts';

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The last `days` calendar days (UTC), oldest first, today included. */
export function dayRange(days: number, today = new Date()): string[] {
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) {
    out.push(isoDay(new Date(today.getTime() - i * 86_400_000)));
  }
  return out;
}

export function perDay(
  rows: DailyRow[],
  days: string[],
  pick: (r: DailyRow) => number,
): { day: string; value: number }[] {
  const sums = new Map<string, number>();
  for (const r of rows) {
    const day = r.day.slice(0, 10);
    sums.set(day, (sums.get(day) ?? 0) + pick(r));
  }
  return days.map((day) => ({ day, value: sums.get(day) ?? 0 }));
}

function ranked(totals: Map<string, number>, n: number) {
  return [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([label, value]) => ({ label, value }));
}

/** Top chatters over the period (from each day's top ten, so an estimate for long periods). */
export function topChatters(rows: DailyRow[], n = 10) {
  const totals = new Map<string, number>();
  for (const r of rows) {
    for (const c of r.topChatters) totals.set(c.login, (totals.get(c.login) ?? 0) + c.messages);
  }
  return ranked(totals, n);
}

export function commandUsage(rows: DailyRow[], n = 10) {
  const totals = new Map<string, number>();
  for (const r of rows) {
    for (const [name, runs] of Object.entries(r.commandUsage)) {
      totals.set(name, (totals.get(name) ?? 0) + runs);
    }
  }
  return ranked(totals, n);
}

/** A { command: runs } map, most used first. */
export function rankUsage(usage: Record<string, number>, n = 10) {
  return ranked(new Map(Object.entries(usage)), n);
}

/** "Nov 28" for a YYYY-MM-DD day. */
export function shortDay(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}
