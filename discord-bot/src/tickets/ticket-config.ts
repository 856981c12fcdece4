// The tickets' own variable: how often the auto-close job looks for idle tickets.
import { z } from 'zod';

export const ticketEnv = {
  TICKET_SWEEP_SECONDS: z.coerce
    .number({ error: 'TICKET_SWEEP_SECONDS must be a number of seconds' })
    .int('TICKET_SWEEP_SECONDS must be a whole number of seconds')
    .min(5, 'TICKET_SWEEP_SECONDS must be at least 5')
    .max(86_400, 'TICKET_SWEEP_SECONDS must be at most 86400 (a day)')
    .default(300),
};

export interface TicketConfig {
  /** Seconds between auto-close checks (TICKET_SWEEP_SECONDS, default 300). */
  sweepSeconds: number;
}
