// A guild's settings (guild_settings): tickets, verification and the log
// channel. A guild without a row has the defaults; the first save creates it.
// The panel message ids are the bot's to write (when it posts a panel), not the API's.
import type { SqlDatabase } from '@homelab/nats';

export interface TicketQuestion {
  label: string;
  style: 'short' | 'paragraph';
  required: boolean;
}

export interface GuildSettings {
  ticketCategoryId: string | null;
  staffRoleIds: string[];
  maxOpenTicketsPerMember: number;
  ticketQuestions: TicketQuestion[];
  autoCloseHours: number | null;
  panelChannelId: string | null;
  panelMessageId: string | null;
  unverifiedRoleId: string | null;
  verifiedRoleId: string | null;
  verificationQuestion: string | null;
  verificationAnswer: string | null;
  logChannelId: string | null;
}

export type SettingsInput = Omit<GuildSettings, 'panelChannelId' | 'panelMessageId'>;

export const DEFAULT_SETTINGS: GuildSettings = {
  ticketCategoryId: null,
  staffRoleIds: [],
  maxOpenTicketsPerMember: 1,
  ticketQuestions: [],
  autoCloseHours: null,
  panelChannelId: null,
  panelMessageId: null,
  unverifiedRoleId: null,
  verifiedRoleId: null,
  verificationQuestion: null,
  verificationAnswer: null,
  logChannelId: null,
};

export interface SettingsStore {
  /** The guild's settings, the defaults when it has no row. */
  get(guildId: string): Promise<GuildSettings>;
  /** Writes every field of input; panel ids stay as they are. */
  save(guildId: string, input: SettingsInput): Promise<GuildSettings>;
}

interface Row {
  ticket_category_id: string | null;
  staff_role_ids: string[] | null;
  max_open_tickets_per_member: number;
  ticket_questions: unknown;
  auto_close_hours: number | null;
  panel_channel_id: string | null;
  panel_message_id: string | null;
  unverified_role_id: string | null;
  verified_role_id: string | null;
  verification_question: string | null;
  verification_answer: string | null;
  log_channel_id: string | null;
}

const COLUMNS = `ticket_category_id, staff_role_ids, max_open_tickets_per_member, ticket_questions,
  auto_close_hours, panel_channel_id, panel_message_id, unverified_role_id, verified_role_id,
  verification_question, verification_answer, log_channel_id`;

function questions(raw: unknown): TicketQuestion[] {
  const value: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Array.isArray(value) ? (value as TicketQuestion[]) : [];
}

function fromRow(r: Row): GuildSettings {
  return {
    ticketCategoryId: r.ticket_category_id,
    staffRoleIds: r.staff_role_ids ?? [],
    maxOpenTicketsPerMember: Number(r.max_open_tickets_per_member),
    ticketQuestions: questions(r.ticket_questions),
    autoCloseHours: r.auto_close_hours === null ? null : Number(r.auto_close_hours),
    panelChannelId: r.panel_channel_id,
    panelMessageId: r.panel_message_id,
    unverifiedRoleId: r.unverified_role_id,
    verifiedRoleId: r.verified_role_id,
    verificationQuestion: r.verification_question,
    verificationAnswer: r.verification_answer,
    logChannelId: r.log_channel_id,
  };
}

export function createSettingsStore(db: { sql: SqlDatabase }): SettingsStore {
  return {
    async get(guildId) {
      const [row] = await db.sql.query<Row>(
        `SELECT ${COLUMNS} FROM guild_settings WHERE guild_id = $1`,
        [guildId],
      );
      return row ? fromRow(row) : { ...DEFAULT_SETTINGS };
    },

    async save(guildId, s) {
      const [row] = await db.sql.query<Row>(
        `INSERT INTO guild_settings (guild_id, ticket_category_id, staff_role_ids,
           max_open_tickets_per_member, ticket_questions, auto_close_hours, unverified_role_id,
           verified_role_id, verification_question, verification_answer, log_channel_id,
           updated_at)
         VALUES ($1, $2, $3::text[], $4, $5::jsonb, $6, $7, $8, $9, $10, $11, now())
         ON CONFLICT (guild_id) DO UPDATE SET ticket_category_id = EXCLUDED.ticket_category_id,
           staff_role_ids = EXCLUDED.staff_role_ids,
           max_open_tickets_per_member = EXCLUDED.max_open_tickets_per_member,
           ticket_questions = EXCLUDED.ticket_questions,
           auto_close_hours = EXCLUDED.auto_close_hours,
           unverified_role_id = EXCLUDED.unverified_role_id,
           verified_role_id = EXCLUDED.verified_role_id,
           verification_question = EXCLUDED.verification_question,
           verification_answer = EXCLUDED.verification_answer,
           log_channel_id = EXCLUDED.log_channel_id, updated_at = now()
         RETURNING ${COLUMNS}`,
        [
          guildId,
          s.ticketCategoryId,
          s.staffRoleIds,
          s.maxOpenTicketsPerMember,
          JSON.stringify(s.ticketQuestions),
          s.autoCloseHours,
          s.unverifiedRoleId,
          s.verifiedRoleId,
          s.verificationQuestion,
          s.verificationAnswer,
          s.logChannelId,
        ],
      );
      if (!row) throw new Error('INSERT … RETURNING gave no row');
      return fromRow(row);
    },
  };
}
