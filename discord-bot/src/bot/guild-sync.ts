// Keeps the guilds table in step with the guilds the bot is in, and publishes guildJoined /
// guildLeft (through the outbox, in the same transaction) exactly when that membership changes:
// a row that is new or had left_at set → joined; a present row that gets left_at → left. Renames,
// icon and member-count changes only update the row.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';

export interface GuildFacts {
  id: string;
  name: string;
  icon: string | null;
  memberCount: number;
}

export interface GuildSync {
  /** The bot is in this guild (GUILD_CREATE, GUILD_UPDATE, ready); true when it just joined. */
  present(guild: GuildFacts): Promise<boolean>;
  /** The bot left or was removed; true when the guild was present. */
  left(guildId: string, name?: string): Promise<boolean>;
  /** After ready: every present guild not in `ids` is marked left (removed while offline). */
  reconcile(ids: Set<string>): Promise<string[]>;
  memberCount(guildId: string, count: number): Promise<void>;
}

const clip = (name: string) => (name.length > 100 ? name.slice(0, 100) : name) || '(unnamed)';

export function createGuildSync(sql: SqlDatabase): GuildSync {
  async function left(guildId: string, name?: string): Promise<boolean> {
    return sql.transaction(async (tx) => {
      const rows = await tx.query<{ name: string }>(
        `UPDATE guilds SET left_at = now(), updated_at = now()
         WHERE id = $1 AND left_at IS NULL RETURNING name`,
        [guildId],
      );
      const row = rows[0];
      if (!row) return false;
      await enqueueEvent(
        tx,
        events.guildLeft,
        { guildId, name: clip(name ?? row.name) },
        { aggregateId: guildId },
      );
      return true;
    });
  }

  return {
    present: (guild) =>
      sql.transaction(async (tx) => {
        const before = await tx.query<{ left_at: Date | null }>(
          'SELECT left_at FROM guilds WHERE id = $1 FOR UPDATE',
          [guild.id],
        );
        const joined = before.length === 0 || before[0]?.left_at !== null;
        const name = clip(guild.name);
        await tx.execute(
          `INSERT INTO guilds (id, name, icon, member_count, joined_at, left_at, updated_at)
           VALUES ($1, $2, $3, $4, now(), NULL, now())
           ON CONFLICT (id) DO UPDATE SET name = $2, icon = $3, member_count = $4,
             joined_at = CASE WHEN guilds.left_at IS NULL THEN guilds.joined_at ELSE now() END,
             left_at = NULL, updated_at = now()`,
          [guild.id, name, guild.icon, guild.memberCount],
        );
        if (joined) {
          await enqueueEvent(
            tx,
            events.guildJoined,
            { guildId: guild.id, name, memberCount: guild.memberCount },
            { aggregateId: guild.id },
          );
        }
        return joined;
      }),
    left,
    async reconcile(ids) {
      const rows = await sql.query<{ id: string }>('SELECT id FROM guilds WHERE left_at IS NULL');
      const gone = rows.map((r) => r.id).filter((id) => !ids.has(id));
      for (const id of gone) await left(id);
      return gone;
    },
    async memberCount(guildId, count) {
      await sql.execute(
        'UPDATE guilds SET member_count = $2, updated_at = now() WHERE id = $1 AND left_at IS NULL',
        [guildId, count],
      );
    },
  };
}
