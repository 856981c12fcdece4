// Whether a chat line addresses the bot. Twitch logins are letters, digits
// and underscores, so "a word" here means a run of those: "@Bot," and "bot?"
// address a bot called bot, "robot" and "bot_fan" do not.
const WORD_CHAR = '[\\p{L}\\p{N}_]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `text` names `botLogin` as `@login` or as a word of its own, in any case. */
export function mentionsBot(text: string, botLogin: string): boolean {
  const login = botLogin.trim().replace(/^@/, '');
  if (login === '') return false;
  const pattern = new RegExp(`(?<!${WORD_CHAR})@?${escapeRegExp(login)}(?!${WORD_CHAR})`, 'iu');
  return pattern.test(text);
}
