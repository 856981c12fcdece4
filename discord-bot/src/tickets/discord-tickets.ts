// Tickets in Discord: the panel's "Open ticket" button and `/ticket open` (with the guild's
// questions in a modal when it has any) open a private channel; Claim / Close buttons on the
// welcome message and `/ticket claim|add|remove|close|reopen` change it; every message written in
// a ticket channel is stored as it arrives (edits and deletes marked), so on close the transcript
// is complete and the channel is deleted. A refusal (limit reached, not staff, wrong channel) is
// an ephemeral reply with the reason.
import {
  ApplicationCommandOptionType,
  MessageFlags,
  PermissionFlagsBits,
  Routes,
  type APIChannel,
  type APIMessage,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Client,
  type Message,
  type ModalSubmitInteraction,
  type PartialMessage,
  type RepliableInteraction,
} from 'discord.js';
import type { CommandDefinition, InteractionRouter } from '../bot/interactions.ts';
import { DomainError } from '../domain/errors.ts';
import type { TicketDiscord, TicketService } from './ticket-service.ts';
import {
  MAX_CLOSE_REASON,
  type DiscordPerson,
  type Ticket,
  type TicketSettings,
} from './tickets.ts';

const VIEW = PermissionFlagsBits.ViewChannel;
const MEMBER_ALLOW =
  VIEW |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks;
const BOT_ALLOW =
  MEMBER_ALLOW | PermissionFlagsBits.ManageChannels | PermissionFlagsBits.ManageMessages;
const ROLE = 0;
const MEMBER = 1;
const BUTTON = 2;
const ACTION_ROW = 1;

export const OPEN_BUTTON_ID = 'ticket:open';
const ANSWERS_MODAL_ID = 'ticket:answers';

/** The discord.js client's REST calls behind the TicketDiscord port. */
export function createTicketDiscord(client: Client): TicketDiscord {
  const botUser = (): DiscordPerson => {
    const u = client.user;
    if (!u) throw new DomainError('unavailable', 'the bot is not logged in to Discord yet');
    return { userId: u.id, username: u.username };
  };
  const rest = client.rest;
  return {
    botUser,
    async createChannel(spec) {
      const overwrites = [
        // @everyone's role id is the guild id.
        { id: spec.guildId, type: ROLE, allow: '0', deny: String(VIEW) },
        ...spec.memberIds.map((id) => ({
          id,
          type: MEMBER,
          allow: String(MEMBER_ALLOW),
          deny: '0',
        })),
        ...spec.staffRoleIds.map((id) => ({
          id,
          type: ROLE,
          allow: String(MEMBER_ALLOW),
          deny: '0',
        })),
        { id: botUser().userId, type: MEMBER, allow: String(BOT_ALLOW), deny: '0' },
      ];
      const channel = (await rest.post(Routes.guildChannels(spec.guildId), {
        body: {
          name: spec.name,
          type: 0,
          topic: spec.topic,
          ...(spec.categoryId ? { parent_id: spec.categoryId } : {}),
          permission_overwrites: overwrites,
        },
        reason: spec.topic,
      })) as APIChannel;
      return channel.id;
    },
    async deleteChannel(channelId, reason) {
      await rest.delete(Routes.channel(channelId), { reason });
    },
    async welcome(ticket) {
      await rest.post(Routes.channelMessages(ticket.channelId!), {
        body: {
          content: welcomeText(ticket),
          allowed_mentions: { users: [ticket.openerId] },
          components: [
            {
              type: ACTION_ROW,
              components: [
                { type: BUTTON, style: 1, label: 'Claim', custom_id: `ticket:claim:${ticket.id}` },
                { type: BUTTON, style: 4, label: 'Close', custom_id: `ticket:close:${ticket.id}` },
              ],
            },
          ],
        },
      });
    },
    async setMemberAccess(channelId, userId, allow) {
      if (allow) {
        await rest.put(Routes.channelPermission(channelId, userId), {
          body: { type: MEMBER, allow: String(MEMBER_ALLOW), deny: '0' },
        });
      } else {
        await rest.delete(Routes.channelPermission(channelId, userId));
      }
    },
    async postPanel(guildId, channelId) {
      const channel = (await rest.get(Routes.channel(channelId)).catch(() => null)) as {
        guild_id?: string;
        type: number;
      } | null;
      if (!channel || channel.guild_id !== guildId || channel.type !== 0) {
        throw new DomainError(
          'invalid_input',
          `channel ${channelId} is not a text channel of guild ${guildId} the bot can see`,
        );
      }
      return postTicketPanel(client, channelId);
    },
    async say(channelId, content) {
      await rest.post(Routes.channelMessages(channelId), {
        body: { content, allowed_mentions: { parse: [] } },
      });
    },
  };
}

function welcomeText(t: Ticket): string {
  const lines = [
    `Ticket #${t.number} for <@${t.openerId}>. Staff will be with you soon; describe your problem here.`,
    ...t.answers.map((a) => `**${a.question}**\n${a.answer}`),
    'Staff: press **Claim** to take it. **Close** ends the ticket (the conversation is kept).',
  ];
  return lines.join('\n\n').slice(0, 2000);
}

/** Posts the panel message with the "Open ticket" button; returns its id. */
export async function postTicketPanel(client: Client, channelId: string): Promise<string> {
  const message = (await client.rest.post(Routes.channelMessages(channelId), {
    body: {
      content:
        '**Need help?** Press the button to open a private ticket with the staff of this server.',
      components: [
        {
          type: ACTION_ROW,
          components: [{ type: BUTTON, style: 1, label: 'Open ticket', custom_id: OPEN_BUTTON_ID }],
        },
      ],
    },
  })) as APIMessage;
  return message.id;
}

const personOf = (i: RepliableInteraction): DiscordPerson => ({
  userId: i.user.id,
  username: i.user.username,
});

/** Staff: one of the guild's staff roles, or Manage Channels / Administrator. */
function isStaff(i: RepliableInteraction, settings: TicketSettings): boolean {
  const perms = i.memberPermissions;
  if (
    perms?.has(PermissionFlagsBits.ManageChannels) ||
    perms?.has(PermissionFlagsBits.Administrator)
  ) {
    return true;
  }
  const member = i.member;
  if (!member) return false;
  const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return roles.some((r) => settings.staffRoleIds.includes(r));
}

async function say(i: RepliableInteraction, content: string) {
  const body = { content, flags: MessageFlags.Ephemeral } as const;
  if (i.deferred || i.replied) await i.editReply({ content });
  else await i.reply(body);
}

/** Runs fn; a domain refusal becomes an ephemeral reply with its reason. */
async function refusing(i: RepliableInteraction, fn: () => Promise<void>) {
  try {
    await fn();
  } catch (err) {
    if (err instanceof DomainError) {
      await say(i, err.message.charAt(0).toUpperCase() + err.message.slice(1) + '.');
      return;
    }
    throw err;
  }
}

export const TICKET_COMMAND: CommandDefinition = {
  name: 'ticket',
  description: 'Support tickets',
  dm_permission: false,
  options: [
    { type: ApplicationCommandOptionType.Subcommand, name: 'open', description: 'Open a ticket' },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'claim',
      description: 'Take this ticket (staff)',
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'close',
      description: 'Close this ticket',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'reason',
          description: 'Why it is closed',
          required: false,
          max_length: MAX_CLOSE_REASON,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'add',
      description: 'Let a member into this ticket (staff)',
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: 'member',
          description: 'Who',
          required: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'remove',
      description: 'Take a member out of this ticket (staff)',
      options: [
        {
          type: ApplicationCommandOptionType.User,
          name: 'member',
          description: 'Who',
          required: true,
        },
      ],
    },
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reopen',
      description: 'Open a closed ticket again (staff)',
      options: [
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'number',
          description: 'The ticket number',
          required: true,
          min_value: 1,
        },
      ],
    },
  ],
};

export function registerTicketHandlers(router: InteractionRouter, tickets: TicketService) {
  const store = tickets.store;

  /** The open ticket of the channel the interaction came from. */
  async function ticketHere(i: RepliableInteraction): Promise<Ticket> {
    const t = i.channelId ? await store.byChannel(i.channelId) : null;
    if (!t || t.status === 'closed') {
      throw new DomainError('invalid_input', 'this is not an open ticket channel');
    }
    return t;
  }

  async function requireStaff(i: RepliableInteraction, guildId: string, what: string) {
    if (!isStaff(i, await tickets.settings(guildId))) {
      throw new DomainError('invalid_input', `only staff can ${what}`);
    }
  }

  async function open(i: RepliableInteraction, answers: string[]) {
    if (!i.guildId) return;
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    await refusing(i, async () => {
      const t = await tickets.open({
        guildId: i.guildId!,
        opener: personOf(i),
        answers,
        via: 'discord',
      });
      await say(i, `Your ticket is open: <#${t.channelId}>`);
    });
  }

  async function startOpen(i: ButtonInteraction | ChatInputCommandInteraction) {
    if (!i.guildId) return;
    const settings = await tickets.settings(i.guildId);
    if (settings.questions.length === 0) return open(i, []);
    await i.showModal({
      custom_id: ANSWERS_MODAL_ID,
      title: 'Open a ticket',
      components: settings.questions.map((q, n) => ({
        type: ACTION_ROW,
        components: [
          {
            type: 4,
            custom_id: `q${n}`,
            label: q.label.slice(0, 45),
            style: q.style === 'paragraph' ? 2 : 1,
            required: q.required,
            max_length: q.style === 'paragraph' ? 1000 : 200,
          },
        ],
      })),
    });
  }

  async function claim(i: RepliableInteraction, t: Ticket) {
    await requireStaff(i, t.guildId, 'claim a ticket');
    const claimed = await tickets.claim(t.id, personOf(i));
    await i.reply({ content: `<@${i.user.id}> claimed ticket #${claimed.number}.` });
  }

  async function close(i: RepliableInteraction, t: Ticket, reason: string | null) {
    if (t.openerId !== i.user.id) await requireStaff(i, t.guildId, 'close this ticket');
    // Answer first: the channel the interaction came from is deleted by the close.
    await i.reply({ content: `Closing ticket #${t.number}…`, flags: MessageFlags.Ephemeral });
    await tickets.close(t.id, personOf(i), reason);
  }

  router
    .command(TICKET_COMMAND, (i) =>
      refusing(i, async () => {
        const sub = i.options.getSubcommand();
        if (sub === 'open') return startOpen(i);
        if (sub === 'reopen') {
          await requireStaff(i, i.guildId!, 'reopen a ticket');
          const number = i.options.getInteger('number', true);
          const page = await store.page({
            guildIds: [i.guildId!],
            status: 'closed',
            memberId: undefined,
            limit: 100,
            after: undefined,
          });
          const t = page.tickets.find((x) => x.number === number);
          if (!t) throw new DomainError('not_found', `no closed ticket #${number} here`);
          await i.deferReply({ flags: MessageFlags.Ephemeral });
          const reopened = await tickets.reopen(t.id, personOf(i));
          return say(i, `Ticket #${number} is open again: <#${reopened.channelId}>`);
        }
        const t = await ticketHere(i);
        if (sub === 'claim') return claim(i, t);
        if (sub === 'close') return close(i, t, i.options.getString('reason'));
        await requireStaff(i, t.guildId, `${sub} members`);
        const user = i.options.getUser('member', true);
        if (sub === 'add') {
          await tickets.addMember(t.id, user.id);
          await i.reply({ content: `<@${user.id}> was added to this ticket.` });
        } else {
          await tickets.removeMember(t.id, user.id);
          await i.reply({ content: `<@${user.id}> was removed from this ticket.` });
        }
      }),
    )
    .button(OPEN_BUTTON_ID, (i) => refusing(i, () => startOpen(i)))
    .modal(ANSWERS_MODAL_ID, async (i: ModalSubmitInteraction) => {
      const settings = await tickets.settings(i.guildId!);
      const answers = settings.questions.map((_, n) => {
        try {
          return i.fields.getTextInputValue(`q${n}`);
        } catch {
          return '';
        }
      });
      await open(i, answers);
    })
    .button('ticket:claim', (i) => refusing(i, async () => claim(i, await byButton(i.customId))))
    .button('ticket:close', (i) =>
      refusing(i, async () => close(i, await byButton(i.customId), null)),
    )
    .onMessage(async (m: Message) => {
      if (!m.guildId) return;
      await store.recordMessage({
        messageId: m.id,
        channelId: m.channelId,
        authorId: m.author.id,
        authorTag: m.author.username,
        authorIsBot: m.author.bot,
        content: m.content,
        attachments: [...m.attachments.values()].map((a) => ({
          name: a.name,
          url: a.url,
          size: a.size,
        })),
        createdAt: m.createdAt,
      });
    })
    .onMessageUpdate(async (_before, after: Message) => {
      await store.markEdited(after.id, after.content, after.editedAt ?? new Date());
    })
    .onMessageDelete(async (m: Message | PartialMessage) => {
      await store.markDeleted(m.id, new Date());
    })
    .onChannelDelete(async ({ channelId }) => {
      await tickets.channelGone(channelId);
    });

  async function byButton(customId: string): Promise<Ticket> {
    const id = customId.split(':')[2] ?? '';
    const t = await store.get(id).catch(() => null);
    if (!t) throw new DomainError('not_found', 'this ticket no longer exists');
    if (t.status === 'closed') throw new DomainError('conflict', `ticket #${t.number} is closed`);
    return t;
  }
}
