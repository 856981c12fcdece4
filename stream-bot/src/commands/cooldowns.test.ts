import { describe, expect, it } from 'vitest';
import { roleAllows } from '../chat/types.ts';
import { createCooldowns } from './cooldowns.ts';

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('cooldowns', () => {
  it('holds a command in a channel for its global cooldown', () => {
    const c = clock();
    const cd = createCooldowns(c);
    const rule = { globalSeconds: 10, userSeconds: 0 };
    expect(cd.tryTake('owner#a', 'dice', 'ann', 'everyone', rule)).toBe(true);
    expect(cd.tryTake('owner#a', 'dice', 'bob', 'everyone', rule)).toBe(false);
    expect(cd.tryTake('owner#b', 'dice', 'bob', 'everyone', rule)).toBe(true);
    c.advance(10_000);
    expect(cd.tryTake('owner#a', 'dice', 'bob', 'everyone', rule)).toBe(true);
  });

  it('holds one chatter for the per-user cooldown while others may run it', () => {
    const c = clock();
    const cd = createCooldowns(c);
    const rule = { globalSeconds: 0, userSeconds: 60 };
    expect(cd.tryTake('s', 'hug', 'ann', 'subscriber', rule)).toBe(true);
    expect(cd.tryTake('s', 'hug', 'ann', 'vip', rule)).toBe(false);
    expect(cd.tryTake('s', 'hug', 'bob', 'everyone', rule)).toBe(true);
    c.advance(59_999);
    expect(cd.tryTake('s', 'hug', 'ann', 'everyone', rule)).toBe(false);
    c.advance(1);
    expect(cd.tryTake('s', 'hug', 'ann', 'everyone', rule)).toBe(true);
  });

  it('lets moderators and the broadcaster through without taking the cooldown', () => {
    const cd = createCooldowns(clock());
    const rule = { globalSeconds: 30, userSeconds: 30 };
    expect(cd.tryTake('s', 'x', 'ann', 'everyone', rule)).toBe(true);
    expect(cd.tryTake('s', 'x', 'mod', 'moderator', rule)).toBe(true);
    expect(cd.tryTake('s', 'x', 'me', 'broadcaster', rule)).toBe(true);
    expect(cd.tryTake('s', 'x', 'bob', 'everyone', rule)).toBe(false);
  });
});

describe('permission levels', () => {
  it('orders everyone < subscriber < vip < moderator < broadcaster', () => {
    expect(roleAllows('everyone', 'everyone')).toBe(true);
    expect(roleAllows('subscriber', 'vip')).toBe(false);
    expect(roleAllows('vip', 'subscriber')).toBe(true);
    expect(roleAllows('vip', 'moderator')).toBe(false);
    expect(roleAllows('moderator', 'moderator')).toBe(true);
    expect(roleAllows('moderator', 'broadcaster')).toBe(false);
    expect(roleAllows('broadcaster', 'moderator')).toBe(true);
  });
});
