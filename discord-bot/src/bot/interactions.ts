// The interaction router: the features (tickets, verification, role panels, moderation) register
// slash commands, buttons, select menus, modals and gateway-event handlers here; the bot client
// (discord-bot.ts) feeds it discord.js objects. Custom ids are `<prefix>` or `<prefix>:<more>`
// (`ticket:open`, `ticket:close:<ticketId>`, `role:<panelId>:<roleId>` …); the longest registered
// prefix that matches wins. A handler that throws is logged and the member gets an ephemeral
// "something went wrong" reply; nothing a handler does can crash the bot.
import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildMember,
  type Interaction,
  type Message,
  type ModalSubmitInteraction,
  type PartialGuildMember,
  type PartialMessage,
  type RepliableInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Logger } from '@homelab/nats/runtime';

/** A slash command as Discord takes it (name, description, options …). */
export type CommandDefinition = RESTPostAPIChatInputApplicationCommandsJSONBody;
type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
/** What command() takes: a definition, also one written `as const`. */
export type CommandDefinitionInput = DeepReadonly<CommandDefinition>;
export type Handler<T> = (value: T) => unknown;

export const SOMETHING_WENT_WRONG =
  'Something went wrong while handling that. The bot logged the error; please try again.';
export const NOT_HANDLED = 'This bot does not handle that (any more). It may have been updated.';

export interface InteractionRouter {
  command(definition: CommandDefinitionInput, handler: Handler<ChatInputCommandInteraction>): this;
  button(customIdPrefix: string, handler: Handler<ButtonInteraction>): this;
  select(customIdPrefix: string, handler: Handler<StringSelectMenuInteraction>): this;
  modal(customIdPrefix: string, handler: Handler<ModalSubmitInteraction>): this;
  /** Every message in a guild channel the bot can see (bots' too; check message.author.bot). */
  onMessage(handler: Handler<Message>): this;
  /** An edited message; `before` is partial when it was not cached. */
  onMessageUpdate(handler: (before: Message | PartialMessage, after: Message) => unknown): this;
  /** A deleted message; partial (only id, channelId, guildId) when it was not cached. */
  onMessageDelete(handler: Handler<Message | PartialMessage>): this;
  onMemberJoin(handler: Handler<GuildMember>): this;
  /** May be partial (user id known) when the member was not cached. */
  onMemberLeave(handler: Handler<GuildMember | PartialGuildMember>): this;
  /** A guild channel was deleted (by the bot or by hand in Discord). */
  onChannelDelete(handler: Handler<{ guildId: string; channelId: string }>): this;
  /** The slash commands to register in every guild. */
  commands(): CommandDefinition[];
  /** Routes one interaction; never rejects. */
  handleInteraction(interaction: Interaction): Promise<void>;
  handleMessage(message: Message): Promise<void>;
  handleMessageUpdate(before: Message | PartialMessage, after: Message): Promise<void>;
  handleMessageDelete(message: Message | PartialMessage): Promise<void>;
  handleMemberJoin(member: GuildMember): Promise<void>;
  handleMemberLeave(member: GuildMember | PartialGuildMember): Promise<void>;
  handleChannelDelete(channel: { guildId: string; channelId: string }): Promise<void>;
}

type PrefixTable<T> = Map<string, Handler<T>>;

/** The handler of the longest prefix equal to the id or followed by `:` in it. */
export function matchPrefix<T>(table: PrefixTable<T>, customId: string): Handler<T> | undefined {
  let best: string | undefined;
  for (const prefix of table.keys()) {
    const hit = customId === prefix || customId.startsWith(prefix + ':');
    if (hit && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  return best === undefined ? undefined : table.get(best);
}

export function createInteractionRouter(logger: Logger): InteractionRouter {
  const log = logger.child({ component: 'interactions' });
  const commands = new Map<
    string,
    { definition: CommandDefinitionInput; handler: Handler<ChatInputCommandInteraction> }
  >();
  const buttons: PrefixTable<ButtonInteraction> = new Map();
  const selects: PrefixTable<StringSelectMenuInteraction> = new Map();
  const modals: PrefixTable<ModalSubmitInteraction> = new Map();
  const messageHandlers: Handler<Message>[] = [];
  const updateHandlers: ((before: Message | PartialMessage, after: Message) => unknown)[] = [];
  const deleteHandlers: Handler<Message | PartialMessage>[] = [];
  const joinHandlers: Handler<GuildMember>[] = [];
  const leaveHandlers: Handler<GuildMember | PartialGuildMember>[] = [];
  const channelDeleteHandlers: Handler<{ guildId: string; channelId: string }>[] = [];

  function addPrefix<T>(table: PrefixTable<T>, kind: string, prefix: string, handler: Handler<T>) {
    if (!prefix || table.has(prefix)) {
      throw new Error(`${kind} prefix ${JSON.stringify(prefix)} is empty or taken`);
    }
    table.set(prefix, handler);
  }

  async function answer(interaction: RepliableInteraction, content: string) {
    const reply = { content, flags: MessageFlags.Ephemeral } as const;
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(reply);
      else await interaction.reply(reply);
    } catch (err) {
      log.warn({ err, interactionId: interaction.id }, 'could not tell the member about the error');
    }
  }

  async function run(what: Record<string, unknown>, fn: () => unknown): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      log.error({ err, ...what }, 'handler failed');
      return false;
    }
  }

  async function each<T extends unknown[]>(
    handlers: ((...args: T) => unknown)[],
    what: Record<string, unknown>,
    ...args: T
  ) {
    for (const handler of handlers) await run(what, () => handler(...args));
  }

  function routeOf(interaction: Interaction): (() => unknown) | null | undefined {
    if (interaction.isChatInputCommand()) {
      const entry = commands.get(interaction.commandName);
      return entry && (() => entry.handler(interaction));
    }
    if (interaction.isButton()) {
      const handler = matchPrefix(buttons, interaction.customId);
      return handler && (() => handler(interaction));
    }
    if (interaction.isStringSelectMenu()) {
      const handler = matchPrefix(selects, interaction.customId);
      return handler && (() => handler(interaction));
    }
    if (interaction.isModalSubmit()) {
      const handler = matchPrefix(modals, interaction.customId);
      return handler && (() => handler(interaction));
    }
    return null; // autocomplete, context menus …: not used
  }

  const router: InteractionRouter = {
    command(definition, handler) {
      if (commands.has(definition.name)) throw new Error(`command /${definition.name} is taken`);
      commands.set(definition.name, { definition, handler });
      return router;
    },
    button(prefix, handler) {
      addPrefix(buttons, 'button', prefix, handler);
      return router;
    },
    select(prefix, handler) {
      addPrefix(selects, 'select', prefix, handler);
      return router;
    },
    modal(prefix, handler) {
      addPrefix(modals, 'modal', prefix, handler);
      return router;
    },
    onMessage(handler) {
      messageHandlers.push(handler);
      return router;
    },
    onMessageUpdate(handler) {
      updateHandlers.push(handler);
      return router;
    },
    onMessageDelete(handler) {
      deleteHandlers.push(handler);
      return router;
    },
    onMemberJoin(handler) {
      joinHandlers.push(handler);
      return router;
    },
    onMemberLeave(handler) {
      leaveHandlers.push(handler);
      return router;
    },
    onChannelDelete(handler) {
      channelDeleteHandlers.push(handler);
      return router;
    },
    // Discord only reads them; the readonly input is passed on as is.
    commands: () => [...commands.values()].map((c) => c.definition as CommandDefinition),

    async handleInteraction(interaction) {
      const what = {
        interactionId: interaction.id,
        guildId: interaction.guildId,
        userId: interaction.user.id,
        ...(interaction.isChatInputCommand() ? { command: interaction.commandName } : {}),
        ...('customId' in interaction ? { customId: interaction.customId } : {}),
      };
      const handle = routeOf(interaction);
      if (handle === null || !interaction.isRepliable()) return;
      if (handle === undefined) {
        log.warn(what, 'no handler for this interaction');
        await answer(interaction, NOT_HANDLED);
        return;
      }
      if (!(await run(what, handle))) await answer(interaction, SOMETHING_WENT_WRONG);
    },
    handleMessage: (message) =>
      each(messageHandlers, { messageId: message.id, event: 'message' }, message),
    handleMessageUpdate: (before, after) =>
      each(updateHandlers, { messageId: after.id, event: 'messageUpdate' }, before, after),
    handleMessageDelete: (message) =>
      each(deleteHandlers, { messageId: message.id, event: 'messageDelete' }, message),
    handleMemberJoin: (member) =>
      each(joinHandlers, { guildId: member.guild.id, userId: member.id, event: 'join' }, member),
    handleMemberLeave: (member) =>
      each(leaveHandlers, { guildId: member.guild.id, userId: member.id, event: 'leave' }, member),
    handleChannelDelete: (channel) =>
      each(channelDeleteHandlers, { ...channel, event: 'channelDelete' }, channel),
  };
  return router;
}
