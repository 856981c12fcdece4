// Role panels: a message with one button per self-assignable role. A press toggles
// that role; on a single-choice panel picking one removes the panel's others.
// Every change the bot makes to a member's roles is recorded (table roles) and an
// added role is announced (roleAssigned).
import { z } from 'zod';
import type { DiscordUserRef } from '../moderation/moderation.ts';

export const MAX_PANEL_ROLES = 25;
export const MAX_TITLE_LENGTH = 100;
/** Discord's limit for a button label. */
export const MAX_LABEL_LENGTH = 80;

const snowflake = () => z.string().regex(/^\d{17,20}$/, 'expected a Discord id (17-20 digits)');

export const panelRoleSchema = z.strictObject({
  roleId: snowflake(),
  label: z.string().trim().min(1, 'a button needs a label').max(MAX_LABEL_LENGTH),
  emoji: z.string().trim().min(1).max(64).nullable().optional(),
});

export const panelInputSchema = z
  .strictObject({
    title: z.string().trim().min(1, 'a panel needs a title').max(MAX_TITLE_LENGTH),
    channelId: snowflake(),
    singleChoice: z.boolean().optional(),
    roles: z
      .array(panelRoleSchema)
      .min(1, 'a panel needs at least one role')
      .max(
        MAX_PANEL_ROLES,
        `a panel holds at most ${MAX_PANEL_ROLES} roles (Discord's button limit)`,
      ),
  })
  .refine((p) => new Set(p.roles.map((r) => r.roleId)).size === p.roles.length, {
    message: 'a role appears twice on the panel',
    path: ['roles'],
  });

export type PanelInput = z.output<typeof panelInputSchema>;

export interface PanelRole {
  roleId: string;
  label: string;
  emoji: string | null;
}

export interface RolePanel {
  id: string;
  guildId: string;
  channelId: string;
  /** Set once the panel message is posted. */
  messageId: string | null;
  title: string;
  singleChoice: boolean;
  roles: PanelRole[];
  createdAt: Date;
  updatedAt: Date;
}

export type RoleChangeSource = 'panel' | 'verification' | 'web';

export interface RoleChange {
  guildId: string;
  member: DiscordUserRef;
  roleId: string;
  /** For the roleAssigned event; the id when Discord did not say. */
  roleName: string;
  action: 'added' | 'removed';
  source: RoleChangeSource;
  /** Who asked for it (the member on a panel, the web user); null: the bot on its own. */
  actor: DiscordUserRef | null;
}

export interface RolePanelStore {
  list(guildId: string): Promise<RolePanel[]>;
  /** The panel, or not_found. */
  get(guildId: string, id: string): Promise<RolePanel>;
  /** The panel by id alone (for a button press), or null. */
  find(id: string): Promise<RolePanel | null>;
  create(guildId: string, input: PanelInput): Promise<RolePanel>;
  /** Replaces title, channel, single choice and roles. */
  update(guildId: string, id: string, input: PanelInput): Promise<RolePanel>;
  remove(guildId: string, id: string): Promise<RolePanel>;
  /** Remembers where the panel message was posted. */
  setMessage(id: string, channelId: string, messageId: string): Promise<void>;
  /** Records changes (and a roleAssigned event for each added role) in one transaction. */
  recordChanges(changes: RoleChange[]): Promise<void>;
}
