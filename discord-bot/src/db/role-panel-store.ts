// Role panels and the role changes the bot made, in discord-bot's database. A panel
// belongs to a guild the bot is in; a change and its roleAssigned event are written
// in one transaction.
import { enqueueEvent, events, type SqlClient, type SqlDatabase } from '@homelab/nats';
import { DomainError } from '../domain/errors.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type {
  PanelInput,
  PanelRole,
  RoleChange,
  RolePanel,
  RolePanelStore,
} from '../roles/role-panels.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Row = Prisma.RolePanelGetPayload<object>;

function rolesOf(json: unknown): PanelRole[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const { roleId, label, emoji } = r as Record<string, unknown>;
    if (typeof roleId !== 'string' || typeof label !== 'string') return [];
    return [{ roleId, label, emoji: typeof emoji === 'string' ? emoji : null }];
  });
}

function fromRow(r: Row): RolePanel {
  return {
    id: r.id,
    guildId: r.guildId,
    channelId: r.channelId,
    messageId: r.messageId,
    title: r.title,
    singleChoice: r.singleChoice,
    roles: rolesOf(r.roles),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function data(input: PanelInput) {
  return {
    title: input.title,
    channelId: input.channelId,
    singleChoice: input.singleChoice ?? false,
    roles: input.roles.map((r) => ({ roleId: r.roleId, label: r.label, emoji: r.emoji ?? null })),
  };
}

export function createRolePanelStore(db: {
  prisma: PrismaClient;
  sql: SqlDatabase;
}): RolePanelStore {
  async function requireGuild(guildId: string) {
    const guild = await db.prisma.guild.findFirst({ where: { id: guildId, leftAt: null } });
    if (!guild) throw new DomainError('not_found', `the bot is not in guild ${guildId}`);
  }

  async function get(guildId: string, id: string): Promise<RolePanel> {
    const row = UUID.test(id)
      ? await db.prisma.rolePanel.findFirst({ where: { id, guildId } })
      : null;
    if (!row) throw new DomainError('not_found', `no role panel ${id} in guild ${guildId}`);
    return fromRow(row);
  }

  return {
    list: async (guildId) => {
      await requireGuild(guildId);
      const rows = await db.prisma.rolePanel.findMany({
        where: { guildId },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(fromRow);
    },

    get,

    find: async (id) => {
      if (!UUID.test(id)) return null;
      const row = await db.prisma.rolePanel.findUnique({ where: { id } });
      return row ? fromRow(row) : null;
    },

    create: async (guildId, input) => {
      await requireGuild(guildId);
      return fromRow(await db.prisma.rolePanel.create({ data: { guildId, ...data(input) } }));
    },

    update: async (guildId, id, input) => {
      const before = await get(guildId, id);
      // A panel moved to another channel is posted anew there.
      const moved = before.channelId !== input.channelId;
      const row = await db.prisma.rolePanel.update({
        where: { id },
        data: { ...data(input), ...(moved ? { messageId: null } : {}) },
      });
      return fromRow(row);
    },

    remove: async (guildId, id) => {
      const panel = await get(guildId, id);
      await db.prisma.rolePanel.delete({ where: { id } });
      return panel;
    },

    setMessage: async (id, channelId, messageId) => {
      await db.prisma.rolePanel.update({ where: { id }, data: { channelId, messageId } });
    },

    recordChanges: async (changes) => {
      if (changes.length === 0) return;
      await db.sql.transaction((tx) => insertRoleChanges(tx, changes));
    },
  };
}

const user = (u: { userId: string; username: string }) => ({
  userId: u.userId,
  username: (u.username || u.userId).slice(0, 64),
});

/** Writes role changes and a roleAssigned event for each added role, inside tx. */
export async function insertRoleChanges(tx: SqlClient, changes: RoleChange[]): Promise<void> {
  for (const ch of changes) {
    const [row] = await tx.query<{ id: string; created_at: Date | string }>(
      `INSERT INTO roles (guild_id, user_id, role_id, action, source, actor_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
      [ch.guildId, ch.member.userId, ch.roleId, ch.action, ch.source, ch.actor?.userId ?? null],
    );
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    if (ch.action !== 'added') continue;
    await enqueueEvent(
      tx,
      events.roleAssigned,
      {
        guildId: ch.guildId,
        member: user(ch.member),
        roleId: ch.roleId,
        roleName: (ch.roleName || ch.roleId).slice(0, 100),
        assignedBy: ch.actor ? user(ch.actor) : null,
      },
      { aggregateId: row.id, occurredAt: new Date(row.created_at) },
    );
  }
}
