// Field schemas shared by the contracts. Every string has an upper bound so a
// single event can never approach the server's max_payload.
import { z } from 'zod';

export const uuid = () => z.uuid();

/** A person-readable line: trimmed elsewhere, 1..max characters here. */
export const text = (max: number) => z.string().min(1).max(max);

/** An ISO-8601 timestamp with offset, as produced by Date#toISOString(). */
export const isoTime = () => z.iso.datetime({ offset: true });

/** Discord's 64-bit ids travel as decimal strings. */
export const snowflake = () => z.string().regex(/^\d{17,20}$/, 'expected a Discord snowflake id');

export const count = () => z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const limit = (max: number) => z.int().min(1).max(max);

/** Every service announces itself the same way when it starts. */
export const serviceStartedSchema = z.object({
  instanceId: uuid(),
  version: text(64),
  hostname: text(255),
});

export const discordUser = () =>
  z.object({
    userId: snowflake(),
    username: text(64),
  });
