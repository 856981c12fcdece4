// The TextAnalyzer over the openai SDK: the text cut to a budget (logs keep
// their newest lines), one chat completion asking for JSON, the answer checked
// with zod, and one more try, told what was wrong, when it does not fit.
import type OpenAI from 'openai';
import { z } from 'zod';
import { DomainError } from '../domain/errors.ts';
import type { AnalysisInput, AnalysisKind, TextAnalysis, TextAnalyzer } from './analysis.ts';
import {
  aiFailure,
  createOpenAiClient,
  isConfigured,
  notConfigured,
  type AiConfig,
} from './openai-client.ts';

/** About 12k tokens of text: enough for a few hundred log lines, cheap on gpt-4o-mini. */
export const TEXT_BUDGET_CHARS = 48_000;

const findingSchema = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  title: z.string().trim().min(1).max(200),
  detail: z.string().trim().max(2_000),
  likelyCause: z.string().trim().max(1_000).nullable().default(null),
});
const answerSchema = z.object({
  summary: z.string().trim().min(1).max(4_000),
  findings: z.array(findingSchema).max(50).default([]),
});

const WHAT: Record<AnalysisKind, string> = {
  logs: 'the log of a container',
  config: 'a configuration file',
  compose: 'a Docker compose file',
  text: 'a text file',
};

const SYSTEM = `You are the log and configuration analyst of a homelab dashboard.
Answer with one JSON object only, of this shape:
{"summary": "<2-4 sentences: what the text shows, the most important problem first>",
 "findings": [{"severity": "error" | "warning" | "info", "title": "<short>",
   "detail": "<what was seen, quoting the telling line>",
   "likelyCause": "<the most likely cause, or null when unclear>"}]}
List errors first, at most 10 findings; an empty list when nothing is wrong. Do not invent lines.`;

/** Cuts text to the budget: the newest (last) lines of logs, the start of anything else. */
export function fitToBudget(
  text: string,
  kind: AnalysisKind,
  budget = TEXT_BUDGET_CHARS,
): { text: string; cut: boolean } {
  if (text.length <= budget) return { text, cut: false };
  if (kind === 'logs') {
    const tail = text.slice(text.length - budget);
    const firstBreak = tail.indexOf('\n');
    return { text: firstBreak >= 0 ? tail.slice(firstBreak + 1) : tail, cut: true };
  }
  const head = text.slice(0, budget);
  const lastBreak = head.lastIndexOf('\n');
  return { text: lastBreak > 0 ? head.slice(0, lastBreak) : head, cut: true };
}

function userMessage(input: AnalysisInput, text: string, cut: boolean): string {
  const note = !cut
    ? ''
    : input.kind === 'logs'
      ? ' (only its newest lines: the older ones did not fit)'
      : ' (only its start: the rest did not fit)';
  return `Analyze ${WHAT[input.kind]} named "${input.name}"${note}:\n\n${text}`;
}

/** The model's answer checked; a string saying what is wrong when it does not fit. */
export function readAnswer(
  content: string | null | undefined,
): z.output<typeof answerSchema> | string {
  const raw = (content ?? '')
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return 'the answer was not JSON';
  }
  const parsed = answerSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) => `${i.path.join('.') || 'answer'}: ${i.message}`).join('; ');
}

export function createTextAnalyzer(config: AiConfig): TextAnalyzer {
  const configured = isConfigured(config);
  let client: OpenAI | undefined;
  const model = config.analysisModel;

  async function ask(messages: OpenAI.ChatCompletionMessageParam[], signal: AbortSignal) {
    client ??= createOpenAiClient(config);
    try {
      const completion = await client.chat.completions.create(
        { model, messages, response_format: { type: 'json_object' }, temperature: 0.2 },
        { signal, timeout: config.timeoutMs },
      );
      return completion.choices[0]?.message.content ?? '';
    } catch (err) {
      throw aiFailure(err, config.timeoutMs);
    }
  }

  return {
    configured,
    async analyze(input, signal): Promise<TextAnalysis> {
      if (!configured) throw notConfigured();
      const { text, cut } = fitToBudget(input.text, input.kind);
      const messages: OpenAI.ChatCompletionMessageParam[] = [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: userMessage(input, text, cut) },
      ];
      const first = await ask(messages, signal);
      let answer = readAnswer(first);
      if (typeof answer === 'string') {
        messages.push(
          { role: 'assistant', content: first },
          {
            role: 'user',
            content: `That did not fit the required shape (${answer}). Answer again with the JSON object only.`,
          },
        );
        answer = readAnswer(await ask(messages, signal));
      }
      if (typeof answer === 'string') {
        throw new DomainError(
          'unavailable',
          `the model (${model}) gave no usable analysis twice: ${answer}`,
        );
      }
      return { summary: answer.summary, findings: answer.findings, model };
    },
  };
}
