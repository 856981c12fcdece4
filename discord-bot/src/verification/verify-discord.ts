// The Discord side of the verification gate: the unverified role on join, the
// verify panel (a message with a Verify button, custom id `verify:start:<guildId>`),
// the button (a modal with the guild's question when one is set, custom id
// `verify:answer:<guildId>`) and the answer. Every reply is ephemeral.
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type Client,
  type GuildMember,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Logger } from '@homelab/nats/runtime';
import { DomainError } from '../domain/errors.ts';
import type { RoleChange } from '../roles/role-panels.ts';
import type { VerificationStore, Verifier, VerifyResult } from './verification.ts';

export const VERIFY_BUTTON_PREFIX = 'verify:start:';
export const VERIFY_MODAL_PREFIX = 'verify:answer:';
const ANSWER_FIELD = 'answer';

export interface VerifyDiscordDeps {
  verifier: Verifier;
  store: VerificationStore;
  recordRoleChanges(changes: RoleChange[]): Promise<void>;
  logger: Logger;
}

/** Gives a joining member the guild's unverified role (when one is set) and records it. */
export async function giveUnverifiedRole(member: GuildMember, deps: VerifyDiscordDeps) {
  const settings = await deps.store.settings(member.guild.id);
  const roleId = settings?.unverifiedRoleId;
  if (!roleId || member.user.bot) return;
  try {
    await member.roles.add(roleId, 'joined: not verified yet');
  } catch (err) {
    deps.logger.warn(
      { err, guildId: member.guild.id, roleId },
      'could not give the unverified role',
    );
    return;
  }
  const role = member.guild.roles.cache.get(roleId);
  await deps.recordRoleChanges([
    {
      guildId: member.guild.id,
      member: { userId: member.id, username: member.user.username },
      roleId,
      roleName: role?.name ?? roleId,
      action: 'added',
      source: 'verification',
      actor: null,
    },
  ]);
}

/** Posts the verify panel in a channel (POST /api/guilds/:id/verify-panel). */
export async function postVerifyPanel(
  client: Client | null,
  guildId: string,
  channelId: string,
  offlineReason: string,
): Promise<{ channelId: string; messageId: string }> {
  if (!client?.isReady()) {
    throw new DomainError('unavailable', `cannot post the verify panel: ${offlineReason}`);
  }
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel || channel.isDMBased() || channel.guildId !== guildId || !channel.isSendable()) {
    throw new DomainError(
      'invalid_input',
      `channel ${channelId} is not a text channel of guild ${guildId} the bot can see`,
    );
  }
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(`${VERIFY_BUTTON_PREFIX}${guildId}`)
      .setLabel('Verify')
      .setStyle(ButtonStyle.Success),
  );
  const message = await channel.send({
    embeds: [
      {
        title: 'Verification',
        description: 'Press **Verify** to get access to the rest of the server.',
      },
    ],
    components: [row.toJSON()],
  });
  return { channelId, messageId: message.id };
}

function replyText(result: VerifyResult): string {
  switch (result.outcome) {
    case 'verified':
      return 'You are verified. Welcome!';
    case 'wrong_answer':
      return 'That is not the right answer. Press **Verify** to try again.';
    case 'failed':
      return `I could not give you the verified role (${result.record.detail ?? 'Discord refused'}). Please ask a moderator.`;
  }
}

async function verifyAndReply(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  deps: VerifyDiscordDeps,
  answer: string | undefined,
) {
  await interaction.deferReply({ flags: 64 });
  try {
    const result = await deps.verifier.verify({
      guildId: interaction.guildId ?? '',
      userId: interaction.user.id,
      via: 'button',
      actor: null,
      answer,
    });
    await interaction.editReply(replyText(result));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await interaction.editReply(
      err.code === 'conflict' ? 'Verification is not set up in this server yet.' : err.message,
    );
  }
}

export async function handleVerifyButton(interaction: ButtonInteraction, deps: VerifyDiscordDeps) {
  const guildId = interaction.guildId;
  const settings = guildId ? await deps.store.settings(guildId) : null;
  if (!guildId || !settings?.verifiedRoleId) {
    await interaction.reply({
      content: 'Verification is not set up in this server yet.',
      flags: 64,
    });
    return;
  }
  if (settings.question && settings.answer) {
    const input = new TextInputBuilder()
      .setCustomId(ANSWER_FIELD)
      .setLabel(settings.question.length <= 45 ? settings.question : 'Your answer')
      .setStyle(TextInputStyle.Short)
      .setRequired(true)
      .setMaxLength(200);
    if (settings.question.length > 45) input.setPlaceholder(settings.question.slice(0, 100));
    const modal = new ModalBuilder()
      .setCustomId(`${VERIFY_MODAL_PREFIX}${guildId}`)
      .setTitle('Verification')
      .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(input));
    await interaction.showModal(modal);
    return;
  }
  await verifyAndReply(interaction, deps, undefined);
}

export async function handleVerifyModal(
  interaction: ModalSubmitInteraction,
  deps: VerifyDiscordDeps,
) {
  await verifyAndReply(interaction, deps, interaction.fields.getTextInputValue(ANSWER_FIELD));
}
