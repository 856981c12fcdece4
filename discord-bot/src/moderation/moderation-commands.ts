// /warn, /timeout, /kick and /ban. Discord hides each command from members without
// its permission (default_member_permissions), and the handler checks the invoker's
// permissions again, since a server can override who sees a command. Each action is
// done in Discord, then recorded (moderation_logs + moderationActionTaken) and
// written to the guild's log channel; the reply is ephemeral.
import {
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { DomainError } from '../domain/errors.ts';
import { isMissingPermissions } from '../roles/client-members.ts';
import { formatDuration, moderationLine, parseDuration, type LogChannel } from './log-channel.ts';
import {
  MAX_REASON_LENGTH,
  MAX_TIMEOUT_SECONDS,
  type ModerationAction,
  type ModerationStore,
} from './moderation.ts';

interface CommandSpec {
  action: ModerationAction;
  description: string;
  permission: bigint;
  permissionName: string;
}

const SPECS: CommandSpec[] = [
  {
    action: 'warn',
    description: 'Warn a member (recorded in the moderation log)',
    permission: PermissionFlagsBits.ModerateMembers,
    permissionName: 'Timeout Members',
  },
  {
    action: 'timeout',
    description: 'Time a member out for a while',
    permission: PermissionFlagsBits.ModerateMembers,
    permissionName: 'Timeout Members',
  },
  {
    action: 'kick',
    description: 'Kick a member from the server',
    permission: PermissionFlagsBits.KickMembers,
    permissionName: 'Kick Members',
  },
  {
    action: 'ban',
    description: 'Ban a user from the server',
    permission: PermissionFlagsBits.BanMembers,
    permissionName: 'Ban Members',
  },
];

function definition(spec: CommandSpec): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const b = new SlashCommandBuilder()
    .setName(spec.action)
    .setDescription(spec.description)
    .setDefaultMemberPermissions(spec.permission)
    .addUserOption((o) => o.setName('user').setDescription('Who').setRequired(true));
  if (spec.action === 'timeout') {
    b.addStringOption((o) =>
      o
        .setName('duration')
        .setDescription('How long, e.g. 10m, 1h, 2d (at most 28d)')
        .setRequired(true),
    );
  }
  b.addStringOption((o) =>
    o.setName('reason').setDescription('Why').setMaxLength(MAX_REASON_LENGTH).setRequired(false),
  );
  return b.toJSON();
}

export interface ModerationCommandDeps {
  store: ModerationStore;
  log: LogChannel;
}

export interface ModerationCommand {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  handle(interaction: ChatInputCommandInteraction): Promise<void>;
}

async function ephemeral(interaction: ChatInputCommandInteraction, content: string) {
  const payload = { content, flags: 64 as const, allowedMentions: { parse: [] } };
  if (interaction.deferred || interaction.replied) await interaction.editReply(content);
  else await interaction.reply(payload);
}

export function moderationCommands(deps: ModerationCommandDeps): ModerationCommand[] {
  return SPECS.map((spec) => ({
    definition: definition(spec),
    handle: (interaction) => run(spec, interaction, deps),
  }));
}

async function run(
  spec: CommandSpec,
  interaction: ChatInputCommandInteraction,
  deps: ModerationCommandDeps,
): Promise<void> {
  const guild = interaction.guild;
  if (!interaction.inGuild() || !guild) {
    return ephemeral(interaction, 'This command works in a server only.');
  }
  if (!interaction.memberPermissions.has(spec.permission)) {
    return ephemeral(
      interaction,
      `You need the ${spec.permissionName} permission to use /${spec.action}.`,
    );
  }
  const target = interaction.options.getUser('user', true);
  const reason = interaction.options.getString('reason')?.trim() || null;
  if (target.id === interaction.user.id) {
    return ephemeral(interaction, `You cannot ${spec.action} yourself.`);
  }
  if (target.id === interaction.client.user.id) {
    return ephemeral(interaction, `I will not ${spec.action} myself.`);
  }
  let durationSeconds: number | null = null;
  if (spec.action === 'timeout') {
    const raw = interaction.options.getString('duration', true);
    durationSeconds = parseDuration(raw);
    if (durationSeconds === null || durationSeconds < 1 || durationSeconds > MAX_TIMEOUT_SECONDS) {
      return ephemeral(
        interaction,
        `"${raw}" is not a duration from 1s to 28d; write e.g. 10m, 1h or 2d.`,
      );
    }
  }
  await interaction.deferReply({ flags: 64 });
  const auditReason = `${interaction.user.username}: ${reason ?? 'no reason given'}`.slice(0, 512);
  // Told before acting: after a kick or ban the bot may share no server with them any more.
  const dmed = await target
    .send({
      content: dmText(spec.action, guild.name, durationSeconds, reason).slice(0, 2000),
      allowedMentions: { parse: [] },
    })
    .then(
      () => true,
      () => false,
    );
  try {
    if (spec.action === 'timeout' || spec.action === 'kick') {
      const member = await guild.members.fetch(target.id).catch(() => null);
      if (!member) return ephemeral(interaction, `${target.username} is not a member here.`);
      if (spec.action === 'timeout') await member.timeout(durationSeconds! * 1000, auditReason);
      else await member.kick(auditReason);
    } else if (spec.action === 'ban') {
      await guild.members.ban(target.id, { reason: auditReason });
    }
  } catch (err) {
    if (isMissingPermissions(err)) {
      return ephemeral(
        interaction,
        `I could not ${spec.action} ${target.username}: I lack the permission, or their highest role is at or above mine.`,
      );
    }
    throw err;
  }
  let entry;
  try {
    entry = await deps.store.record({
      guildId: guild.id,
      action: spec.action,
      moderator: { userId: interaction.user.id, username: interaction.user.username },
      target: { userId: target.id, username: target.username },
      reason,
      durationSeconds,
    });
  } catch (err) {
    if (err instanceof DomainError) return ephemeral(interaction, err.message);
    throw err;
  }
  await deps.log.line(guild.id, moderationLine(entry));
  const done = {
    warn: 'Warned',
    timeout: 'Timed out',
    kick: 'Kicked',
    ban: 'Banned',
  }[spec.action];
  const duration = durationSeconds ? ` for ${formatDuration(durationSeconds)}` : '';
  await ephemeral(
    interaction,
    `${done} ${target.username}${duration}${reason ? ` (${reason})` : ''}. It is in the moderation log; ${dmed ? 'they were told by DM' : 'they could not be told by DM'}.`,
  );
}

function dmText(
  action: ModerationAction,
  guildName: string,
  durationSeconds: number | null,
  reason: string | null,
): string {
  const what = {
    warn: 'You were warned',
    timeout: `You were timed out for ${formatDuration(durationSeconds ?? 0)}`,
    kick: 'You were kicked',
    ban: 'You were banned',
  }[action];
  return `${what} in **${guildName}**${reason ? `: ${reason}` : '.'}`;
}
