import { describe, expect, it } from 'vitest';
import {
  channelName,
  checkAnswers,
  checkCloseReason,
  decodeCursor,
  encodeCursor,
  openRefusal,
  ticketSubject,
  toPageQuery,
  viewStatus,
} from './tickets.ts';

const questions = [
  { label: 'What is wrong?', style: 'short' as const, required: true },
  { label: 'Anything else?', style: 'paragraph' as const, required: false },
];

describe('ticket rules', () => {
  it('pairs answers with questions, requires the required ones, drops empty optional ones', () => {
    expect(checkAnswers(questions, [' Plex ', ''])).toEqual([
      { question: 'What is wrong?', answer: 'Plex' },
    ]);
    expect(() => checkAnswers(questions, [''])).toThrow(/"What is wrong\?" needs an answer/);
    expect(() => checkAnswers(questions, ['a', 'b', 'c'])).toThrow(/3 answers given/);
    expect(() => checkAnswers([], ['x'])).toThrow(/asks 0 question/);
    expect(checkAnswers([], [])).toEqual([]);
  });

  it('limits open tickets per member', () => {
    expect(openRefusal(0, 1)).toBeNull();
    expect(openRefusal(1, 1)).toMatch(/already have an open ticket/);
    expect(openRefusal(2, 3)).toBeNull();
    expect(openRefusal(3, 3)).toMatch(/3 open tickets \(the limit here is 3\)/);
  });

  it('takes a close reason of at most 500 characters, blank as none', () => {
    expect(checkCloseReason('  fixed ')).toBe('fixed');
    expect(checkCloseReason('   ')).toBeNull();
    expect(checkCloseReason(undefined)).toBeNull();
    expect(checkCloseReason('x'.repeat(500))).toHaveLength(500);
    expect(() => checkCloseReason('x'.repeat(501))).toThrow(/501 characters; at most 500/);
  });

  it('names, subjects and statuses', () => {
    expect(channelName(7)).toBe('ticket-0007');
    expect(channelName(12345)).toBe('ticket-12345');
    expect(ticketSubject({ number: 3, answers: [] })).toBe('Ticket #3');
    expect(ticketSubject({ number: 3, answers: [{ question: 'q', answer: 'a\n  b' }] })).toBe(
      'a b',
    );
    expect(
      ticketSubject({ number: 3, answers: [{ question: 'q', answer: 'y'.repeat(300) }] }),
    ).toHaveLength(200);
    const mod = { userId: '298765432109876543', username: 'm' };
    expect(viewStatus({ status: 'open', claimedBy: null })).toBe('open');
    expect(viewStatus({ status: 'open', claimedBy: mod })).toBe('claimed');
    expect(viewStatus({ status: 'closed', claimedBy: mod })).toBe('closed');
  });
});

describe('list requests', () => {
  it('round-trips a cursor and refuses a made-up one', () => {
    const t = {
      createdAt: new Date('2026-11-28T09:00:00.000Z'),
      id: '7c1e2d4f-3b5a-4c6d-8e9f-0a1b2c3d4e5f',
    };
    expect(decodeCursor(encodeCursor(t))).toEqual(t);
    expect(() => decodeCursor('bm9wZQ')).toThrow(/nextCursor/);
  });

  it('checks every parameter', () => {
    expect(toPageQuery({})).toMatchObject({ limit: 25, status: undefined, guildIds: undefined });
    expect(
      toPageQuery({ status: 'claimed', guild: '1098765432109876543', limit: '100' }),
    ).toMatchObject({
      status: 'claimed',
      guildIds: ['1098765432109876543'],
      limit: 100,
    });
    expect(() => toPageQuery({ status: 'pending' })).toThrow(/not one of open, claimed, closed/);
    expect(() => toPageQuery({ limit: '0' })).toThrow(/from 1 to 100/);
    expect(() => toPageQuery({ limit: '1.5' })).toThrow(/whole number/);
    expect(() => toPageQuery({ member: '42' })).toThrow(/member must be a Discord id/);
  });
});
