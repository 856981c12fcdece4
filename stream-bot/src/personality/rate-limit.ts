// Who may get an answer now. A viewer waits their cooldown between two
// answered mentions; a channel gets at most a few answers per window, so a
// raid that mentions the bot a hundred times costs a handful of requests.
export interface ChannelCap {
  count: number;
  windowMs: number;
}

/** One answer per 10 s and six per minute in one channel. */
export const DEFAULT_CHANNEL_CAPS: readonly ChannelCap[] = [
  { count: 1, windowMs: 10_000 },
  { count: 6, windowMs: 60_000 },
];

export type Refusal = 'user_cooldown' | 'channel_cap';

export interface MentionRateLimiter {
  /** Takes a slot for the viewer in the channel, or says why not (nothing is taken then). */
  acquire(channelKey: string, viewerKey: string, userCooldownMs: number): Refusal | null;
}

/** Viewer entries older than this are forgotten (the settings allow at most an hour). */
const MAX_COOLDOWN_MS = 3_600_000;

export function createMentionRateLimiter(
  caps: readonly ChannelCap[] = DEFAULT_CHANNEL_CAPS,
  now: () => number = Date.now,
): MentionRateLimiter {
  const lastAnswer = new Map<string, number>();
  const answered = new Map<string, number[]>();
  const longest = Math.max(0, ...caps.map((c) => c.windowMs));
  let nextSweep = 0;

  function sweep(t: number) {
    if (t < nextSweep) return;
    nextSweep = t + 60_000;
    for (const [key, at] of lastAnswer) if (t - at >= MAX_COOLDOWN_MS) lastAnswer.delete(key);
    for (const [key, times] of answered) {
      if (times.every((at) => t - at >= longest)) answered.delete(key);
    }
  }

  return {
    acquire(channelKey, viewerKey, userCooldownMs) {
      const t = now();
      sweep(t);
      const viewer = `${channelKey}\u0000${viewerKey}`;
      const last = lastAnswer.get(viewer);
      if (last !== undefined && t - last < userCooldownMs) return 'user_cooldown';
      const times = (answered.get(channelKey) ?? []).filter((at) => t - at < longest);
      for (const cap of caps) {
        if (times.filter((at) => t - at < cap.windowMs).length >= cap.count) {
          answered.set(channelKey, times);
          return 'channel_cap';
        }
      }
      times.push(t);
      answered.set(channelKey, times);
      lastAnswer.set(viewer, t);
      return null;
    },
  };
}
