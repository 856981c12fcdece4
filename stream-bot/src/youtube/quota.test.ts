import { describe, expect, it } from 'vitest';
import { nextPacificMidnight } from './quota.ts';

describe('nextPacificMidnight', () => {
  it('is 08:00 UTC the next day in winter (PST, UTC−8)', () => {
    expect(nextPacificMidnight(new Date('2026-11-28T14:00:00Z')).toISOString()).toBe(
      '2026-11-29T08:00:00.000Z',
    );
  });

  it('is 07:00 UTC in summer (PDT, UTC−7), even a minute before it', () => {
    expect(nextPacificMidnight(new Date('2026-07-01T06:59:00Z')).toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(nextPacificMidnight(new Date('2026-07-01T07:00:30Z')).toISOString()).toBe(
      '2026-07-02T07:00:00.000Z',
    );
  });

  it('follows the offset of the night it resets on when summer time starts or ends that day', () => {
    // 8 March 2026: summer time starts at 02:00, so the next midnight is PDT.
    expect(nextPacificMidnight(new Date('2026-03-08T09:30:00Z')).toISOString()).toBe(
      '2026-03-09T07:00:00.000Z',
    );
    // 1 November 2026: summer time ends at 02:00, so the next midnight is PST.
    expect(nextPacificMidnight(new Date('2026-11-01T07:30:00Z')).toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
  });
});
