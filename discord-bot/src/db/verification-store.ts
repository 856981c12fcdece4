// Verification attempts in discord-bot's database. A passed attempt is written with
// the role changes it made and its memberVerified (and roleAssigned) events in one
// transaction.
import { enqueueEvent, events, type SqlDatabase } from '@homelab/nats';
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { VerificationStore } from '../verification/verification.ts';
import { insertRoleChanges } from './role-panel-store.ts';

interface Row {
  id: string;
  created_at: Date | string;
}

export function createVerificationStore(db: {
  prisma: PrismaClient;
  sql: SqlDatabase;
}): VerificationStore {
  return {
    settings: async (guildId) => {
      const guild = await db.prisma.guild.findFirst({ where: { id: guildId, leftAt: null } });
      if (!guild) return null;
      const s = await db.prisma.guildSettings.findUnique({ where: { guildId } });
      return {
        unverifiedRoleId: s?.unverifiedRoleId ?? null,
        verifiedRoleId: s?.verifiedRoleId ?? null,
        question: s?.verificationQuestion ?? null,
        answer: s?.verificationAnswer ?? null,
      };
    },

    record: (attempt, roleChanges) =>
      db.sql.transaction(async (tx) => {
        const [row] = await tx.query<Row>(
          `INSERT INTO verification (guild_id, user_id, user_tag, outcome, answer, via, actor_id, detail)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id, created_at`,
          [
            attempt.guildId,
            attempt.member.userId,
            attempt.member.username,
            attempt.outcome,
            attempt.answer,
            attempt.via,
            attempt.actor?.userId ?? null,
            attempt.detail,
          ],
        );
        if (!row) throw new Error('INSERT … RETURNING gave no row');
        await insertRoleChanges(tx, roleChanges);
        if (attempt.outcome === 'verified') {
          await enqueueEvent(
            tx,
            events.memberVerified,
            {
              guildId: attempt.guildId,
              member: {
                userId: attempt.member.userId,
                username: (attempt.member.username || attempt.member.userId).slice(0, 64),
              },
              method: attempt.via === 'web' ? 'manual' : 'button',
            },
            { aggregateId: row.id },
          );
        }
        return { ...attempt, id: row.id, createdAt: new Date(row.created_at) };
      }),
  };
}
