import { expect, it } from 'vitest';
import { canManageGuild } from './discord-oauth.ts';

it('counts Manage Server (0x20), Administrator (0x8) and ownership as managing a guild', () => {
  expect(canManageGuild({ permissions: String(0x20) })).toBe(true);
  expect(canManageGuild({ permissions: String(0x8) })).toBe(true);
  // Bits above 2^53 survive (permissions are decimal strings of a 64-bit set).
  expect(canManageGuild({ permissions: String((1n << 60n) | 0x20n) })).toBe(true);
  expect(canManageGuild({ permissions: '0', owner: true })).toBe(true);
  expect(canManageGuild({ permissions: String(0x400 | 0x800) })).toBe(false);
  expect(canManageGuild({ permissions: 32 })).toBe(false);
  expect(canManageGuild({ permissions: 'lots' })).toBe(false);
  expect(canManageGuild({})).toBe(false);
});
