// Contracts owned by discord-bot: tickets, guild membership, verification,
// roles and moderation.
import { z } from 'zod';
import { defineEvent, defineQuery } from './define.ts';
import {
  count,
  discordUser,
  isoTime,
  limit,
  serviceStartedSchema,
  snowflake,
  text,
  uuid,
} from './fields.ts';

const moderationAction = z.enum(['warn', 'timeout', 'kick', 'ban', 'unban']);
const ticketStatus = z.enum(['open', 'claimed', 'closed']);

const pete = { userId: '312456789012345678', username: 'pixel_pete' };
const mod = { userId: '298765432109876543', username: 'mod_maria' };
const guildId = '1098765432109876543';
const ticketId = '7c1e2d4f-3b5a-4c6d-8e9f-0a1b2c3d4e5f';

export const ticketOpened = defineEvent({
  owner: 'discord',
  aggregate: 'ticket',
  event: 'opened',
  version: 1,
  description: 'A member opened a support ticket.',
  schema: z.object({
    ticketId: uuid(),
    guildId: snowflake(),
    channelId: snowflake(),
    openedBy: discordUser(),
    subject: text(200),
  }),
  example: {
    ticketId,
    guildId,
    channelId: '1122334455667788990',
    openedBy: pete,
    subject: 'Plex is buffering',
  },
});

export const ticketClaimed = defineEvent({
  owner: 'discord',
  aggregate: 'ticket',
  event: 'claimed',
  version: 1,
  description: 'A moderator took a ticket.',
  schema: z.object({ ticketId: uuid(), guildId: snowflake(), claimedBy: discordUser() }),
  example: { ticketId, guildId, claimedBy: mod },
});

export const ticketClosed = defineEvent({
  owner: 'discord',
  aggregate: 'ticket',
  event: 'closed',
  version: 1,
  description: 'A ticket was closed, with an optional reason.',
  schema: z.object({
    ticketId: uuid(),
    guildId: snowflake(),
    closedBy: discordUser(),
    reason: text(500).nullable(),
  }),
  example: { ticketId, guildId, closedBy: mod, reason: 'Transcoding fixed' },
});

export const ticketReopened = defineEvent({
  owner: 'discord',
  aggregate: 'ticket',
  event: 'reopened',
  version: 1,
  description: 'A closed ticket was opened again, in a new channel.',
  schema: z.object({
    ticketId: uuid(),
    guildId: snowflake(),
    channelId: snowflake(),
    reopenedBy: discordUser(),
  }),
  example: { ticketId, guildId, channelId: '1122334455667788991', reopenedBy: mod },
});

export const guildJoined = defineEvent({
  owner: 'discord',
  aggregate: 'guild',
  event: 'joined',
  version: 1,
  description: 'The bot was added to a guild.',
  schema: z.object({ guildId: snowflake(), name: text(100), memberCount: count() }),
  example: { guildId, name: 'Homelab Friends', memberCount: 342 },
});

export const guildLeft = defineEvent({
  owner: 'discord',
  aggregate: 'guild',
  event: 'left',
  version: 1,
  description: 'The bot was removed from a guild (or the guild was deleted).',
  schema: z.object({ guildId: snowflake(), name: text(100) }),
  example: { guildId, name: 'Homelab Friends' },
});

export const memberVerified = defineEvent({
  owner: 'discord',
  aggregate: 'member',
  event: 'verified',
  version: 1,
  description: 'A member passed verification.',
  schema: z.object({
    guildId: snowflake(),
    member: discordUser(),
    method: z.enum(['button', 'captcha', 'manual']),
  }),
  example: { guildId, member: pete, method: 'button' },
});

export const roleAssigned = defineEvent({
  owner: 'discord',
  aggregate: 'role',
  event: 'assigned',
  version: 1,
  description: 'A role was given to a member; assignedBy is null when the bot did it on its own.',
  schema: z.object({
    guildId: snowflake(),
    member: discordUser(),
    roleId: snowflake(),
    roleName: text(100),
    assignedBy: discordUser().nullable(),
  }),
  example: {
    guildId,
    member: pete,
    roleId: '1011121314151617181',
    roleName: 'Verified',
    assignedBy: null,
  },
});

export const moderationActionTaken = defineEvent({
  owner: 'discord',
  aggregate: 'moderation',
  event: 'action-taken',
  version: 1,
  description: 'A moderator warned, timed out, kicked, banned or unbanned a member.',
  schema: z.object({
    actionId: uuid(),
    guildId: snowflake(),
    action: moderationAction,
    target: discordUser(),
    moderator: discordUser(),
    reason: text(512).nullable(),
    durationSeconds: z
      .int()
      .min(1)
      .max(28 * 24 * 3600)
      .nullable(),
  }),
  example: {
    actionId: '2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e2f',
    guildId,
    action: 'timeout',
    target: pete,
    moderator: mod,
    reason: 'Spam in #general',
    durationSeconds: 600,
  },
});

export const discordServiceStarted = defineEvent({
  owner: 'discord',
  aggregate: 'service',
  event: 'started',
  version: 1,
  description: 'A discord-bot instance started and is connected to the bus.',
  schema: serviceStartedSchema,
  example: {
    instanceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    version: '2.0.1',
    hostname: 'discord-bot-1',
  },
});

const ticketView = z.object({
  ticketId: uuid(),
  guildId: snowflake(),
  subject: text(200),
  status: ticketStatus,
  openedBy: discordUser(),
  claimedBy: discordUser().nullable(),
  openedAt: isoTime(),
  closedAt: isoTime().nullable(),
});

export const ticketsOpenSummary = defineQuery({
  owner: 'discord',
  name: 'tickets.open-summary',
  version: 1,
  description: 'How many tickets are open, how many of those are claimed, and the oldest one.',
  request: z.object({ guildId: snowflake().optional() }),
  response: z.object({
    open: count(),
    claimed: count(),
    unclaimed: count(),
    oldestOpenedAt: isoTime().nullable(),
  }),
  example: {
    request: {},
    response: { open: 3, claimed: 1, unclaimed: 2, oldestOpenedAt: '2026-11-25T18:30:00.000Z' },
  },
});

export const ticketsList = defineQuery({
  owner: 'discord',
  name: 'tickets.list',
  version: 1,
  description: 'Tickets, newest first, optionally by guild and status (limit defaults to 25).',
  request: z.object({
    guildId: snowflake().optional(),
    status: ticketStatus.optional(),
    limit: limit(100).optional(),
  }),
  response: z.object({ tickets: z.array(ticketView).max(100) }),
  example: {
    request: { status: 'open', limit: 10 },
    response: {
      tickets: [
        {
          ticketId,
          guildId,
          subject: 'Plex is buffering',
          status: 'open',
          openedBy: pete,
          claimedBy: null,
          openedAt: '2026-11-27T08:12:00.000Z',
          closedAt: null,
        },
      ],
    },
  },
});

export const guildsList = defineQuery({
  owner: 'discord',
  name: 'guilds.list',
  version: 1,
  description: 'The guilds the bot is in.',
  request: z.object({}),
  response: z.object({
    guilds: z
      .array(
        z.object({
          guildId: snowflake(),
          name: text(100),
          memberCount: count(),
          joinedAt: isoTime(),
        }),
      )
      .max(200),
  }),
  example: {
    request: {},
    response: {
      guilds: [
        {
          guildId,
          name: 'Homelab Friends',
          memberCount: 342,
          joinedAt: '2025-03-01T12:00:00.000Z',
        },
      ],
    },
  },
});

export const moderationRecent = defineQuery({
  owner: 'discord',
  name: 'moderation.recent',
  version: 1,
  description: 'The latest moderation actions, newest first (limit defaults to 25).',
  request: z.object({ guildId: snowflake().optional(), limit: limit(100).optional() }),
  response: z.object({
    actions: z
      .array(
        z.object({
          actionId: uuid(),
          guildId: snowflake(),
          action: moderationAction,
          target: discordUser(),
          moderator: discordUser(),
          reason: text(512).nullable(),
          durationSeconds: z
            .int()
            .min(1)
            .max(28 * 24 * 3600)
            .nullable(),
          createdAt: isoTime(),
        }),
      )
      .max(100),
  }),
  example: {
    request: { limit: 5 },
    response: {
      actions: [
        {
          actionId: '2f4e6d8c-0b1a-4c3d-9e8f-7a6b5c4d3e2f',
          guildId,
          action: 'warn',
          target: pete,
          moderator: mod,
          reason: 'Off-topic links',
          durationSeconds: null,
          createdAt: '2026-11-27T09:45:00.000Z',
        },
      ],
    },
  },
});
