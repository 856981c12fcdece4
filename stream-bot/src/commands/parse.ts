// Reads a chat line as a command: the prefix, a name (any case), then
// arguments separated by white space.
export interface ParsedCommand {
  /** Lower case, without the prefix. */
  name: string;
  args: string[];
  /** Everything after the name, trimmed. */
  rest: string;
}

const MAX_NAME_LENGTH = 50;

export function parseCommand(text: string, prefix: string): ParsedCommand | null {
  if (prefix === '' || !text.startsWith(prefix)) return null;
  const body = text.slice(prefix.length).trim();
  // "! fact" is not a command: the name follows the prefix directly.
  if (body === '' || /^\s/.test(text.slice(prefix.length))) return null;
  const [name = '', ...args] = body.split(/\s+/u);
  if (name.length > MAX_NAME_LENGTH) return null;
  return { name: name.toLowerCase(), args, rest: body.slice(name.length).trim() };
}
