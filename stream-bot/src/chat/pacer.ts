// Twitch's limits for a bot that is not a moderator in a channel: one line per
// 1.2 s in that channel and 20 lines per 30 s in all such channels together.
// Where the bot is broadcaster or moderator it is limited only by twurple's
// own bucket (100 per 30 s, the moderator limit), so answers there go out at once.
const CHANNEL_GAP_MS = 1_200;
const WINDOW_MS = 30_000;
const WINDOW_LINES = 20;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Pacer {
  /** Resolves when a line may be sent in the channel (at once where the bot is a moderator). */
  wait(channel: string, isModerator: boolean): Promise<void>;
}

export function createPacer(now: () => number = Date.now): Pacer {
  const nextSlot = new Map<string, number>();
  const sentAt: number[] = [];

  function windowWait(at: number): number {
    while (sentAt.length > 0 && (sentAt[0] ?? 0) <= at - WINDOW_MS) sentAt.shift();
    if (sentAt.length < WINDOW_LINES) return 0;
    return (sentAt[sentAt.length - WINDOW_LINES] ?? at) + WINDOW_MS - at;
  }

  return {
    async wait(channel, isModerator) {
      if (isModerator) return;
      // Reserve the slot synchronously so concurrent callers queue up behind each other.
      const at = Math.max(now(), nextSlot.get(channel) ?? 0);
      const slot = at + windowWait(at);
      nextSlot.set(channel, slot + CHANNEL_GAP_MS);
      const index = sentAt.findIndex((t) => t > slot);
      sentAt.splice(index < 0 ? sentAt.length : index, 0, slot);
      const delay = slot - now();
      if (delay > 0) await sleep(delay);
    },
  };
}
