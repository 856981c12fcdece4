import { describe, expect, it } from 'vitest';
import {
  addModerationAction,
  applyGuildEvent,
  applyTicketEvent,
  type OpenTickets,
  type TicketView,
} from './read-model-discord.ts';

const pete = { userId: '312456789012345678', username: 'pixel_pete' };
const maria = { userId: '298765432109876543', username: 'mod_maria' };
const guildId = '1098765432109876543';

function ticket(ticketId: string, openedAt: string, claimed = false): TicketView {
  return {
    ticketId,
    guildId,
    subject: `ticket ${ticketId}`,
    status: claimed ? 'claimed' : 'open',
    openedBy: pete,
    claimedBy: claimed ? maria : null,
    openedAt,
    closedAt: null,
  };
}

const twoOpen: OpenTickets = {
  summary: { open: 2, claimed: 1, unclaimed: 1, oldestOpenedAt: '2026-11-28T08:00:00.000Z' },
  tickets: [ticket('b', '2026-11-28T09:00:00.000Z'), ticket('a', '2026-11-28T08:00:00.000Z', true)],
};

describe("the dashboard's copy of discord-bot's open tickets", () => {
  it('counts an opened ticket once, however often the event is applied', () => {
    const opened = {
      type: 'opened',
      ticketId: 'c',
      guildId,
      openedBy: pete,
      subject: 'Plex',
    } as const;
    const once = applyTicketEvent(twoOpen, opened, '2026-11-28T10:00:00.000Z');
    expect(once?.summary).toEqual({ ...twoOpen.summary, open: 3, unclaimed: 2 });
    expect(once?.tickets.map((t) => t.ticketId)).toEqual(['c', 'b', 'a']);
    expect(applyTicketEvent(once!, opened, '2026-11-28T10:00:00.000Z')).toBe(once);
  });

  it('moves a claimed ticket from unclaimed to claimed, once', () => {
    const claim = { type: 'claimed', ticketId: 'b', claimedBy: maria } as const;
    const once = applyTicketEvent(twoOpen, claim, '2026-11-28T10:00:00.000Z');
    expect(once?.summary).toMatchObject({ claimed: 2, unclaimed: 0 });
    expect(once?.tickets[0]).toMatchObject({ status: 'claimed', claimedBy: maria });
    expect(applyTicketEvent(once!, claim, '2026-11-28T10:00:00.000Z')).toBe(once);
  });

  it('drops a closed ticket and finds the next oldest when it holds every open ticket', () => {
    const closed = applyTicketEvent(
      twoOpen,
      { type: 'closed', ticketId: 'a' },
      '2026-11-28T10:00:00Z',
    );
    expect(closed).toEqual({
      summary: { open: 1, claimed: 0, unclaimed: 1, oldestOpenedAt: '2026-11-28T09:00:00.000Z' },
      tickets: [twoOpen.tickets[0]],
    });
  });

  it('asks discord-bot again for what it cannot know from its copy', () => {
    const partial = { ...twoOpen, summary: { ...twoOpen.summary, open: 7, unclaimed: 6 } };
    const at = '2026-11-28T10:00:00.000Z';
    // The oldest of seven open tickets closed: which of the five unseen ones is next?
    expect(applyTicketEvent(partial, { type: 'closed', ticketId: 'a' }, at)).toBeUndefined();
    expect(applyTicketEvent(twoOpen, { type: 'closed', ticketId: 'zz' }, at)).toBeUndefined();
    expect(
      applyTicketEvent(twoOpen, { type: 'claimed', ticketId: 'zz', claimedBy: maria }, at),
    ).toBeUndefined();
    expect(applyTicketEvent(twoOpen, { type: 'reopened', ticketId: 'a' }, at)).toBeUndefined();
  });
});

describe("the dashboard's copy of discord-bot's guilds and moderation log", () => {
  it('adds a joined guild, updates a known one and drops a left one', () => {
    const at = '2026-11-28T10:00:00.000Z';
    const one = applyGuildEvent(
      { guilds: [] },
      { type: 'joined', guildId, name: 'A', memberCount: 3 },
      at,
    );
    const renamed = applyGuildEvent(
      one,
      { type: 'joined', guildId, name: 'B', memberCount: 4 },
      'x',
    );
    expect(renamed.guilds).toEqual([{ guildId, name: 'B', memberCount: 4, joinedAt: at }]);
    expect(applyGuildEvent(renamed, { type: 'left', guildId }, at).guilds).toEqual([]);
  });

  it('lists each moderation action once, newest first', () => {
    const action = (actionId: string) => ({
      actionId,
      guildId,
      action: 'warn' as const,
      target: pete,
      moderator: maria,
      reason: null,
      durationSeconds: null,
    });
    const first = addModerationAction({ actions: [] }, action('1'), '2026-11-28T09:00:00.000Z');
    const second = addModerationAction(first, action('2'), '2026-11-28T10:00:00.000Z');
    expect(second.actions.map((a) => a.actionId)).toEqual(['2', '1']);
    expect(addModerationAction(second, action('1'), '2026-11-28T09:00:00.000Z')).toBe(second);
  });
});
