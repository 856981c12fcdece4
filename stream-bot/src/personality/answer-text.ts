// What the model wrote, made fit for chat: one line, no links, nothing chat
// would run as a command or that pings everyone, addressed to the viewer and
// no longer than the owner allows, cut between words.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)\S+/giu;
const MASS_MENTION = /@(everyone|here|channel|chat)\b/giu;
const ELLIPSIS = '…';

/** The name to address a viewer by: the display name when it is just their login's casing. */
export function addressOf(chatterLogin: string, chatterName: string): string {
  return chatterName.toLowerCase() === chatterLogin ? chatterName : chatterLogin;
}

/** Cuts `text` to at most `max` characters at a word boundary, ending with '…' mid-sentence. */
export function cutAtWord(text: string, max: number, keep = 0): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const roomChars = max - ELLIPSIS.length;
  const room = chars.slice(0, roomChars).join('');
  // The cut falls between two words already.
  const space = chars[roomChars] === ' ' ? room.length : room.lastIndexOf(' ');
  // A cut inside the kept head (the @mention) or a very long word: cut the word instead.
  const head = space > keep && space >= room.length / 2 ? room.slice(0, space) : room;
  const trimmed = head.replace(/[\s,;:–—-]+$/u, '');
  // A whole sentence needs no mark that something was left out.
  return /[.!?]$/u.test(trimmed) ? trimmed : trimmed + ELLIPSIS;
}

/**
 * The line to post for `raw`, or null when nothing usable is left. The result starts with
 * `@viewer ` and has at most `maxLength` characters.
 */
export function cleanAnswer(raw: string, viewer: string, maxLength: number): string | null {
  const mention = `@${viewer} `;
  let body = raw.replace(/\s+/gu, ' ').replace(URL_PATTERN, '').replace(MASS_MENTION, '$1').trim();
  // Quotes around the whole answer, and the viewer's name the model put first itself.
  body = body.replace(/^["“'](.*)["”']$/u, '$1').trim();
  body = body.replace(new RegExp(`^@?${escapeRegExp(viewer)}\\b[,:!]?\\s*`, 'iu'), '');
  // '/me', '.ban' … would be Twitch chat commands at the start of a line.
  body = body
    .replace(/^[\s/.\\]+/u, '')
    .replace(/ {2,}/gu, ' ')
    .trim();
  if (body === '') return null;
  return cutAtWord(mention + body, maxLength, mention.length - 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
