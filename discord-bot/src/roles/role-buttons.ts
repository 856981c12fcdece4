// The Discord side of role panels: the panel message (one button per role, custom
// id `role:<panelId>:<roleId>`), posting and editing it, and a press that toggles
// the role. On a single-choice panel, taking a role drops the panel's others. A role
// at or above the bot's highest role is refused with a clear ephemeral reply.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  type ButtonInteraction,
  type Client,
  type MessageCreateOptions,
} from 'discord.js';
import type { Logger } from '@homelab/nats/runtime';
import { DomainError } from '../domain/errors.ts';
import type { PanelPublisher } from '../http/role-panels.routes.ts';
import { isMissingPermissions } from './client-members.ts';
import type { RoleChange, RolePanel, RolePanelStore } from './role-panels.ts';

export const ROLE_BUTTON_PREFIX = 'role:';

export function roleButtonId(panelId: string, roleId: string): string {
  return `${ROLE_BUTTON_PREFIX}${panelId}:${roleId}`;
}

export function panelMessage(panel: RolePanel): MessageCreateOptions {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  panel.roles.forEach((role, i) => {
    if (i % 5 === 0) rows.push(new ActionRowBuilder<ButtonBuilder>());
    const button = new ButtonBuilder()
      .setCustomId(roleButtonId(panel.id, role.roleId))
      .setLabel(role.label)
      .setStyle(ButtonStyle.Secondary);
    if (role.emoji) button.setEmoji(role.emoji);
    rows.at(-1)!.addComponents(button);
  });
  const how = panel.singleChoice
    ? 'Press a button to take that role (you can hold one of these at a time); press it again to drop it.'
    : 'Press a button to take that role; press it again to drop it.';
  return {
    embeds: [{ title: panel.title, description: how }],
    components: rows.map((r) => r.toJSON()),
    allowedMentions: { parse: [] },
  };
}

const UNKNOWN_MESSAGE = 10008;

export function createPanelPublisher(
  client: Client,
  store: RolePanelStore,
  offlineReason: string,
): PanelPublisher {
  async function channelOf(id: string) {
    if (!client.isReady()) throw new DomainError('unavailable', offlineReason);
    const channel =
      client.channels.cache.get(id) ?? (await client.channels.fetch(id).catch(() => null));
    if (!channel?.isSendable() || !('messages' in channel)) {
      throw new DomainError('invalid_input', `channel ${id} is not a text channel the bot can see`);
    }
    return channel;
  }
  return {
    async publish(panel) {
      const channel = await channelOf(panel.channelId);
      const body = panelMessage(panel);
      if (panel.messageId) {
        try {
          await channel.messages.edit(panel.messageId, {
            embeds: body.embeds ?? [],
            components: body.components ?? [],
          });
          return panel;
        } catch (err) {
          if (!(err instanceof DiscordAPIError && err.code === UNKNOWN_MESSAGE)) throw err;
        }
      }
      const message = await channel.send(body);
      await store.setMessage(panel.id, panel.channelId, message.id);
      return { ...panel, messageId: message.id };
    },
    async unpublish(panel) {
      if (!panel.messageId || !client.isReady()) return;
      const channel = await channelOf(panel.channelId).catch(() => null);
      await channel?.messages.delete(panel.messageId).catch(() => undefined);
    },
  };
}

async function reply(interaction: ButtonInteraction, content: string) {
  await interaction.reply({ content, flags: 64, allowedMentions: { parse: [] } });
}

/** Handles a press of a `role:<panelId>:<roleId>` button. */
export async function handleRoleButton(
  interaction: ButtonInteraction,
  deps: { store: RolePanelStore; logger: Logger },
): Promise<void> {
  const [, panelId = '', roleId = ''] = interaction.customId.split(':');
  const guild = interaction.guild;
  const panel = await deps.store.find(panelId);
  const entry = panel?.roles.find((r) => r.roleId === roleId);
  if (!guild || !panel || panel.guildId !== guild.id || !entry) {
    return reply(
      interaction,
      'This role panel no longer exists; ask a moderator to post it again.',
    );
  }
  const role = guild.roles.cache.get(roleId) ?? (await guild.roles.fetch(roleId).catch(() => null));
  if (!role) {
    return reply(interaction, `The role for "${entry.label}" no longer exists in this server.`);
  }
  const me = guild.members.me ?? (await guild.members.fetchMe());
  const tooHigh = `I cannot give or take **${role.name}**: it is at or above my highest role (**${me.roles.highest.name}**). An admin can move my role above it in Server Settings → Roles.`;
  if (role.position >= me.roles.highest.position && guild.ownerId !== me.id) {
    return reply(interaction, tooHigh);
  }
  const member = await guild.members.fetch({ user: interaction.user.id, force: true });
  const who = { userId: member.id, username: member.user.username };
  const change = (r: { id: string; name: string }, action: 'added' | 'removed'): RoleChange => ({
    guildId: guild.id,
    member: who,
    roleId: r.id,
    roleName: r.name,
    action,
    source: 'panel',
    actor: who,
  });
  const changes: RoleChange[] = [];
  const reason = `role panel "${panel.title}"`;
  try {
    if (member.roles.cache.has(role.id)) {
      await member.roles.remove(role.id, reason);
      changes.push(change(role, 'removed'));
    } else {
      await member.roles.add(role.id, reason);
      changes.push(change(role, 'added'));
      if (panel.singleChoice) {
        for (const other of panel.roles) {
          if (other.roleId === role.id || !member.roles.cache.has(other.roleId)) continue;
          const otherRole = guild.roles.cache.get(other.roleId);
          try {
            await member.roles.remove(other.roleId, reason);
            changes.push(
              change({ id: other.roleId, name: otherRole?.name ?? other.label }, 'removed'),
            );
          } catch (err) {
            deps.logger.warn({ err, roleId: other.roleId }, 'could not drop a single-choice role');
          }
        }
      }
    }
  } catch (err) {
    await deps.store.recordChanges(changes);
    if (isMissingPermissions(err)) return reply(interaction, tooHigh);
    throw err;
  }
  await deps.store.recordChanges(changes);
  const added = changes.filter((c) => c.action === 'added').map((c) => `**${c.roleName}**`);
  const removed = changes.filter((c) => c.action === 'removed').map((c) => `**${c.roleName}**`);
  const parts = [
    added.length > 0 ? `You now have ${added.join(', ')}.` : '',
    removed.length > 0 ? `Removed ${removed.join(', ')}.` : '',
  ];
  await reply(interaction, parts.filter(Boolean).join(' '));
}
