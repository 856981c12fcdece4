// Which command a chat line runs, for the chat log's command usage: the word
// right after the owner's prefix, lower case (the command runner's own rule
// decides whether it exists; the log counts what viewers typed).
const MAX_COMMAND_LENGTH = 50;

export function commandName(text: string, prefix: string): string | null {
  if (prefix === '' || !text.startsWith(prefix)) return null;
  const word = text.slice(prefix.length).split(/\s/, 1)[0] ?? '';
  if (word === '' || word.length > MAX_COMMAND_LENGTH) return null;
  return word.toLowerCase();
}
