// Chat made up for the analytics tests: deterministic (a seeded generator),
// at fixed offsets from a fixed "now", with the expected figures worked out
// here by plain counting — not by the code under test.
import type { IncomingChatMessage } from '../src/chat/types.ts';

const DAY = 86_400_000;

/** mulberry32: the same sequence on every run. */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function dayOf(t: Date): string {
  return t.toISOString().slice(0, 10);
}

export function utcDayStart(t: Date, daysBack = 0): Date {
  return new Date(Date.parse(dayOf(t)) - daysBack * DAY);
}

export interface Burst {
  channel: string;
  from: Date;
  minutes: number;
  messages: number;
  chatters: number;
  /** Chatter numbers start here, so bursts can share or not share people. */
  firstChatter?: number;
}

/** Messages spread over the burst's minutes; a few busy chatters and a long tail. */
export function burst(ownerId: string, b: Burst, seed: number): IncomingChatMessage[] {
  const rnd = seeded(seed);
  const out: IncomingChatMessage[] = [];
  for (let i = 0; i < b.messages; i++) {
    const k = (b.firstChatter ?? 0) + Math.floor(rnd() ** 2 * b.chatters);
    const sentAt = new Date(b.from.getTime() + Math.floor((i / b.messages) * b.minutes * 60_000));
    const text =
      i % 10 === 0
        ? '!fact'
        : i % 25 === 1
          ? '!Uptime please'
          : i % 97 === 0
            ? `100% needle_${i} found`
            : `hello chat ${i}`;
    out.push({
      platform: 'twitch',
      ownerId,
      channel: b.channel,
      messageId: `${b.channel}-${b.from.getTime()}-${i}`,
      chatterId: `u${k}`,
      chatterLogin: `viewer${k}`,
      chatterName: `Viewer${k}`,
      text,
      badges: k % 5 === 0 ? ['subscriber/3'] : [],
      role: k % 5 === 0 ? 'subscriber' : 'everyone',
      sentAt,
      self: false,
    });
  }
  return out;
}

export interface Expected {
  messages: number;
  uniqueChatters: number;
  commandsRun: number;
  peakPerMinute: number;
  commandUsage: Record<string, number>;
  topChatters: { login: string; messages: number }[];
}

/** The figures of a set of messages, counted the simple way. */
export function expected(messages: readonly IncomingChatMessage[]): Expected {
  const perMinute = new Map<number, number>();
  const perChatter = new Map<string, number>();
  const usage: Record<string, number> = {};
  for (const m of messages) {
    const minute = Math.floor(m.sentAt.getTime() / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    perChatter.set(m.chatterLogin, (perChatter.get(m.chatterLogin) ?? 0) + 1);
    const command = /^!(\S+)/.exec(m.text)?.[1]?.toLowerCase();
    if (command) usage[command] = (usage[command] ?? 0) + 1;
  }
  const top = [...perChatter]
    .map(([login, n]) => ({ login, messages: n }))
    .sort((a, b) => b.messages - a.messages || (a.login < b.login ? -1 : 1))
    .slice(0, 10);
  return {
    messages: messages.length,
    uniqueChatters: perChatter.size,
    commandsRun: Object.values(usage).reduce((a, b) => a + b, 0),
    peakPerMinute: Math.max(0, ...perMinute.values()),
    commandUsage: usage,
    topChatters: top,
  };
}
