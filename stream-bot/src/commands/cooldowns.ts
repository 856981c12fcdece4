// Who may run what, and when: permission levels and per-command cooldowns,
// global (per channel) and per user, kept in memory (a restart forgets them,
// which errs on the side of answering). The broadcaster and moderators are
// never held back by a cooldown.
import { roleAllows, type Role } from '../chat/types.ts';

export type Refusal = 'cooldown' | 'permission' | 'disabled' | 'unknown';

export interface CooldownRule {
  globalSeconds: number;
  userSeconds: number;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Whether a role skips cooldowns: moderators and the broadcaster do. */
export const bypassesCooldowns = (role: Role): boolean => roleAllows(role, 'moderator');

const SWEEP_AT = 10_000;

export function createCooldowns(clock: Clock = systemClock) {
  /** key → the time the cooldown ends. */
  const until = new Map<string, number>();

  const globalKey = (scope: string, command: string) => `${scope}\u0000${command}`;
  const userKey = (scope: string, command: string, user: string) =>
    `${scope}\u0000${command}\u0000${user}`;

  function sweep(now: number) {
    for (const [key, end] of until) if (end <= now) until.delete(key);
  }

  return {
    /**
     * Takes the command's cooldowns when it may run now and says true; says
     * false (and takes nothing) when one of them is still running.
     * `scope` is the owner and channel, `user` the chatter's login.
     */
    tryTake(scope: string, command: string, user: string, role: Role, rule: CooldownRule) {
      if (bypassesCooldowns(role)) return true;
      const now = clock.now();
      const g = globalKey(scope, command);
      const u = userKey(scope, command, user);
      if ((until.get(g) ?? 0) > now || (until.get(u) ?? 0) > now) return false;
      if (until.size >= SWEEP_AT) sweep(now);
      if (rule.globalSeconds > 0) until.set(g, now + rule.globalSeconds * 1000);
      if (rule.userSeconds > 0) until.set(u, now + rule.userSeconds * 1000);
      return true;
    },
  };
}

export type Cooldowns = ReturnType<typeof createCooldowns>;
