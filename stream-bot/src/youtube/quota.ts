// YouTube's daily quota resets at midnight Pacific time (America/Los_Angeles,
// with its summer time), so a quotaExceeded blocks calls until then.

const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function wallClock(at: Date) {
  const part = (type: string) =>
    Number(pacific.formatToParts(at).find((p) => p.type === type)?.value ?? 0);
  return {
    y: part('year'),
    m: part('month'),
    d: part('day'),
    h: part('hour'),
    mi: part('minute'),
    s: part('second'),
  };
}

/** Milliseconds Pacific time is ahead of UTC at that moment (negative: -7 or -8 hours). */
function offsetAt(at: Date): number {
  const w = wallClock(at);
  const wall = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The next midnight in Pacific time after `now`. */
export function nextPacificMidnight(now: Date): Date {
  const w = wallClock(now);
  const midnightWall = Date.UTC(w.y, w.m - 1, w.d + 1);
  let at = new Date(midnightWall - offsetAt(now));
  // Summer time starts or ends at 02:00, so the offset at midnight can differ from now's.
  at = new Date(midnightWall - offsetAt(at));
  return at;
}
