// The moderation log in discord-bot's database. An action and its
// moderationActionTaken event are written in one transaction, so the event exists
// exactly when the row does; the outbox relay publishes it afterwards.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import {
  checkNewAction,
  encodeCursor,
  isModerationAction,
  type ModerationEntry,
  type ModerationQuery,
  type ModerationStore,
} from '../moderation/moderation.ts';

interface Row {
  id: string;
  guild_id: string;
  action: string;
  moderator_id: string;
  moderator_tag: string;
  target_id: string;
  target_tag: string;
  reason: string | null;
  duration_seconds: number | null;
  created_at: Date | string;
}

const INSERT = `INSERT INTO moderation_logs
  (guild_id, action, moderator_id, moderator_tag, target_id, target_tag, reason, duration_seconds)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id, guild_id, action, moderator_id, moderator_tag, target_id, target_tag, reason,
  duration_seconds, created_at`;

type PrismaRow = Prisma.ModerationLogGetPayload<object>;

function fromPrisma(r: PrismaRow): ModerationEntry {
  return {
    id: r.id,
    guildId: r.guildId,
    action: isModerationAction(r.action) ? r.action : 'warn',
    moderator: { userId: r.moderatorId, username: r.moderatorTag },
    target: { userId: r.targetId, username: r.targetTag },
    reason: r.reason,
    durationSeconds: r.durationSeconds,
    createdAt: r.createdAt,
  };
}

function fromRow(r: Row): ModerationEntry {
  return fromPrisma({
    id: r.id,
    guildId: r.guild_id,
    action: r.action,
    moderatorId: r.moderator_id,
    moderatorTag: r.moderator_tag,
    targetId: r.target_id,
    targetTag: r.target_tag,
    reason: r.reason,
    durationSeconds: r.duration_seconds,
    createdAt: new Date(r.created_at),
  });
}

function where(query: ModerationQuery): Prisma.ModerationLogWhereInput {
  const { guildIds, action, targetId, moderatorId, since, after } = query;
  return {
    ...(guildIds ? { guildId: { in: guildIds } } : {}),
    ...(action ? { action } : {}),
    ...(targetId ? { targetId } : {}),
    ...(moderatorId ? { moderatorId } : {}),
    ...(since ? { createdAt: { gte: since } } : {}),
    ...(after
      ? {
          OR: [
            { createdAt: { lt: after.createdAt } },
            { createdAt: after.createdAt, id: { lt: after.id } },
          ],
        }
      : {}),
  };
}

export function createModerationStore(db: {
  prisma: PrismaClient;
  sql: SqlDatabase;
}): ModerationStore {
  return {
    record: async (input) => {
      const a = checkNewAction(input);
      return db.sql.transaction(async (tx) => {
        const [row] = await tx.query<Row>(INSERT, [
          a.guildId,
          a.action,
          a.moderator.userId,
          a.moderator.username,
          a.target.userId,
          a.target.username,
          a.reason,
          a.durationSeconds,
        ]);
        if (!row) throw new Error('INSERT … RETURNING gave no row');
        const entry = fromRow(row);
        await enqueueEvent(
          tx,
          events.moderationActionTaken,
          {
            actionId: entry.id,
            guildId: entry.guildId,
            action: entry.action,
            target: { userId: entry.target.userId, username: entry.target.username.slice(0, 64) },
            moderator: {
              userId: entry.moderator.userId,
              username: entry.moderator.username.slice(0, 64),
            },
            reason: entry.reason,
            durationSeconds: entry.durationSeconds,
          },
          { aggregateId: entry.id, occurredAt: entry.createdAt },
        );
        return entry;
      });
    },

    logChannelOf: async (guildId) =>
      (await db.prisma.guildSettings.findUnique({ where: { guildId } }))?.logChannelId ?? null,

    page: async (query) => {
      if (query.guildIds?.length === 0) return { actions: [], nextCursor: null };
      const rows = await db.prisma.moderationLog.findMany({
        where: where(query),
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: query.limit + 1,
      });
      const actions = rows.slice(0, query.limit).map(fromPrisma);
      const last = actions.at(-1);
      return {
        actions,
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },
  };
}
