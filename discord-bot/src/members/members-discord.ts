// The members features on the bot's Discord connection: verification gate, role
// panels, moderation commands and the log-channel lines. register() puts their
// handlers on the interaction router; the rest is what the HTTP API needs from the
// connection (members and roles, the panel publisher, the verify panel).
import type { Logger } from '@homelab/nats/runtime';
import type { Client, GuildMember, Message, PartialGuildMember, PartialMessage } from 'discord.js';
import type { InteractionRouter } from '../bot/interactions.ts';
import type { PanelPublisher } from '../http/role-panels.routes.ts';
import { createLogChannel, type LogChannel } from '../moderation/log-channel.ts';
import { moderationCommands } from '../moderation/moderation-commands.ts';
import type { ModerationStore } from '../moderation/moderation.ts';
import { clientMembers } from '../roles/client-members.ts';
import type { DiscordMembers } from '../roles/discord-members.ts';
import {
  ROLE_BUTTON_PREFIX,
  createPanelPublisher,
  handleRoleButton,
} from '../roles/role-buttons.ts';
import type { RolePanelStore } from '../roles/role-panels.ts';
import {
  VERIFY_BUTTON_PREFIX,
  VERIFY_MODAL_PREFIX,
  giveUnverifiedRole,
  handleVerifyButton,
  handleVerifyModal,
  postVerifyPanel,
  type VerifyDiscordDeps,
} from '../verification/verify-discord.ts';
import { createVerifier, type VerificationStore } from '../verification/verification.ts';

export const BOT_OFFLINE =
  'the bot is not connected to Discord: set DISCORD_TOKEN and check GET /api/bot/status';

export interface MembersDiscordDeps {
  /** The bot's client while it is connected, else null. */
  client(): Client | null;
  moderation: ModerationStore;
  rolePanels: RolePanelStore;
  verification: VerificationStore;
  logger: Logger;
}

export interface MembersDiscord {
  members: DiscordMembers;
  verifier: ReturnType<typeof createVerifier>;
  log: LogChannel;
  panelPublisher(): PanelPublisher | null;
  postVerifyPanel(
    guildId: string,
    channelId: string,
  ): Promise<{ channelId: string; messageId: string }>;
  register(router: InteractionRouter): void;
}

function tagOf(member: GuildMember | PartialGuildMember): string {
  return member.user?.username ?? member.id;
}

export function createMembersDiscord(deps: MembersDiscordDeps): MembersDiscord {
  const logger = deps.logger.child({ component: 'members' });
  const members = clientMembers(deps.client, BOT_OFFLINE);
  const verifier = createVerifier(deps.verification, () => members);
  const log = createLogChannel(deps.client, (g) => deps.moderation.logChannelOf(g), logger);
  const verifyDeps: VerifyDiscordDeps = {
    verifier,
    store: deps.verification,
    recordRoleChanges: (changes) => deps.rolePanels.recordChanges(changes),
    logger,
  };

  async function onJoin(member: GuildMember) {
    await log.line(member.guild.id, `📥 **${member.user.username}** (<@${member.id}>) joined`);
    await giveUnverifiedRole(member, verifyDeps);
  }
  async function onLeave(member: GuildMember | PartialGuildMember) {
    await log.line(member.guild.id, `📤 **${tagOf(member)}** (<@${member.id}>) left`);
  }
  async function onDelete(message: Message | PartialMessage) {
    if (!message.guildId || message.author?.id === deps.client()?.user?.id) return;
    const who = message.author ? `**${message.author.username}**` : 'someone';
    const text = message.content ? `: ${message.content.slice(0, 1500)}` : '';
    await log.line(
      message.guildId,
      `🗑️ A message by ${who} in <#${message.channelId}> was deleted${text}`,
    );
  }

  return {
    members,
    verifier,
    log,
    panelPublisher() {
      const c = deps.client();
      return c ? createPanelPublisher(c, deps.rolePanels, BOT_OFFLINE) : null;
    },
    postVerifyPanel: (guildId, channelId) =>
      postVerifyPanel(deps.client(), guildId, channelId, BOT_OFFLINE),
    register(router) {
      for (const cmd of moderationCommands({ store: deps.moderation, log })) {
        router.command(cmd.definition, (i) => cmd.handle(i));
      }
      router
        .button(ROLE_BUTTON_PREFIX.slice(0, -1), (i) =>
          handleRoleButton(i, { store: deps.rolePanels, logger }),
        )
        .button(VERIFY_BUTTON_PREFIX.slice(0, -1), (i) => handleVerifyButton(i, verifyDeps))
        .modal(VERIFY_MODAL_PREFIX.slice(0, -1), (i) => handleVerifyModal(i, verifyDeps))
        .onMemberJoin(onJoin)
        .onMemberLeave(onLeave)
        .onMessageDelete(onDelete);
    },
  };
}
