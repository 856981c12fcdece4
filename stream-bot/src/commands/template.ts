// Fills in a custom command's response. Known placeholders are replaced;
// anything else in braces stays as typed, so a response can still show "{"
// and "}" or a placeholder from another bot without breaking.
export const MAX_CHAT_LINE = 500;

export interface TemplateContext {
  /** The chatter's display name. */
  user: string;
  channel: string;
  args: string[];
  /** The use count after this run; absent when there is none (e.g. a timer). */
  count?: number;
  /** A number in [0, 1); tests may fix it. */
  random?: () => number;
}

export const PLACEHOLDERS = [
  { token: '{user}', meaning: 'the display name of whoever ran the command' },
  { token: '{touser}', meaning: 'the first argument without a leading @, or the user' },
  { token: '{args}', meaning: 'everything typed after the command' },
  { token: '{1} … {9}', meaning: 'one argument by position (empty when missing)' },
  { token: '{count}', meaning: 'how many times the command has run, this run included' },
  { token: '{random}', meaning: 'a whole number from 1 to 100' },
  { token: '{random:a-b}', meaning: 'a whole number from a to b, e.g. {random:1-6}' },
  { token: '{channel}', meaning: 'the channel name' },
] as const;

const PLACEHOLDER = /\{([a-z]+|[1-9])(?::(-?\d{1,9})-(-?\d{1,9}))?\}/g;

function between(random: () => number, low: number, high: number): number {
  const [a, b] = low <= high ? [low, high] : [high, low];
  return a + Math.floor(random() * (b - a + 1));
}

export function renderTemplate(template: string, ctx: TemplateContext): string {
  const random = ctx.random ?? Math.random;
  const out = template.replace(PLACEHOLDER, (whole, key: string, low?: string, high?: string) => {
    if (low !== undefined && high !== undefined) {
      return key === 'random' ? String(between(random, Number(low), Number(high))) : whole;
    }
    if (/^[1-9]$/.test(key)) return ctx.args[Number(key) - 1] ?? '';
    switch (key) {
      case 'user':
        return ctx.user;
      case 'touser':
        return ctx.args[0]?.replace(/^@/, '') || ctx.user;
      case 'args':
        return ctx.args.join(' ');
      case 'channel':
        return ctx.channel;
      case 'count':
        return ctx.count === undefined ? whole : String(ctx.count);
      case 'random':
        return String(between(random, 1, 100));
      default:
        return whole;
    }
  });
  return fitChatLine(out);
}

/** Trims white space and cuts to Twitch's 500 characters (never half a surrogate pair). */
export function fitChatLine(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= MAX_CHAT_LINE) return trimmed;
  let cut = trimmed.slice(0, MAX_CHAT_LINE);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}
