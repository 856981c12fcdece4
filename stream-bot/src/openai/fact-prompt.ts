// What the model is asked. The recent facts go into the prompt so the model
// steers clear of them; the service still checks every answer itself.
import { MAX_GENERATED_LENGTH } from '../domain/fact-text.ts';

export interface ChatPrompt {
  system: string;
  user: string;
}

export function buildFactPrompt(avoid: readonly string[]): ChatPrompt {
  const system = [
    'You write fun facts for a live-stream chat, in the style of the facts printed under Snapple bottle caps.',
    'Each fact is true, surprising, family-friendly and fits in one sentence.',
    `Answer with the fact alone: no numbering, no quotes, no preface, at most ${MAX_GENERATED_LENGTH} characters.`,
  ].join(' ');
  const recent =
    avoid.length === 0
      ? ''
      : `\n\nThese facts were shared recently; do not repeat any of them or their topic:\n${avoid
          .map((fact) => `- ${fact}`)
          .join('\n')}`;
  return { system, user: `Give me one new fun fact.${recent}` };
}
