// Facts are short lines the bot shares in chat. A new one comes from a
// language model when one is configured (checked, and asked again when the
// answer is empty, too long or already known), otherwise from the built-in
// collection; people can still add one by hand ("hello").
import { BUILTIN_FACTS } from './builtin-facts.ts';
import { DomainError } from './errors.ts';
import type { FactPage, FactPageInput, FactQuery } from './fact-page.ts';
import { toFactQuery } from './fact-page.ts';
import { cleanGeneratedText, normalizeFactText, rejectionOf } from './fact-text.ts';

export const FACT_SOURCES = ['ai', 'builtin', 'manual'] as const;
/** Who made a fact: a language model, the built-in list, or a person. */
export type FactSource = (typeof FACT_SOURCES)[number];

export function toFactSource(value: string): FactSource {
  const known = FACT_SOURCES.find((s) => s === value);
  if (!known) {
    throw new DomainError(
      'invalid_input',
      `unknown fact source "${value}"; expected one of ${FACT_SOURCES.join(', ')}`,
    );
  }
  return known;
}

export interface Fact {
  id: string;
  text: string;
  source: FactSource;
  /** The language model that wrote it, when one did. */
  model: string | null;
  createdAt: Date;
}

export interface NewFact {
  text: string;
  source: FactSource;
  model: string | null;
}

/** Storage for facts; adding one also records its fact-created event. */
export interface FactStore {
  add(fact: NewFact): Promise<Fact>;
  /**
   * Adds the fact unless one with the same normalised text is stored, checked
   * and inserted under a lock on that text, so two concurrent generations of
   * the same fact store it once. Null when it was already there.
   */
  addIfNew(fact: NewFact): Promise<Fact | null>;
  /** The newest facts, newest first. */
  recent(limit: number): Promise<Fact[]>;
  random(): Promise<Fact | null>;
  page(query: FactQuery): Promise<FactPage>;
  /** Whether a fact with this normalised text (normalizeFactText) is stored. */
  hasNormalized(normalized: string): Promise<boolean>;
  countSince(since: Date): Promise<number>;
}

/** A language model behind a small interface (openai/), so tests can use a stand-in server. */
export interface FactGenerator {
  readonly model: string;
  /** One candidate fact, told which recent facts not to repeat, within timeoutMs. */
  generate(avoid: readonly string[], timeoutMs: number): Promise<string>;
}

export const MAX_FACT_LENGTH = 500;
export const DEFAULT_HELLO = 'Hello from stream-bot!';
/** How many recent facts the prompt lists, and the built-in pick steers clear of. */
export const RECENT_TO_AVOID = 20;
export const DEFAULT_ATTEMPTS = 3;
/** How long one request for a new fact may take in all, attempts included. */
export const DEFAULT_GENERATION_BUDGET_MS = 30_000;
export const ENABLE_AI_HINT =
  'This fact is from the built-in collection. Set OPENAI_API_KEY (or OPENAI_BASE_URL for an ' +
  'OpenAI-compatible server such as Ollama) to have a language model write new ones.';

export function helloText(text: string | undefined): string {
  const trimmed = (text ?? DEFAULT_HELLO).trim();
  if (trimmed.length === 0) {
    throw new DomainError(
      'invalid_input',
      'text must not be blank; leave it out for the default greeting',
    );
  }
  if (trimmed.length > MAX_FACT_LENGTH) {
    throw new DomainError(
      'invalid_input',
      `text is ${trimmed.length} characters long; at most ${MAX_FACT_LENGTH} are allowed`,
    );
  }
  return trimmed;
}

export interface FactServiceOptions {
  /** Absent: AI is off and new facts come from the built-in collection. */
  generator?: FactGenerator | undefined;
  attempts?: number;
  /** Total time for one generation, all attempts together (default 30 s). */
  budgetMs?: number;
  /** A number in [0, 1); tests may fix it. */
  random?: () => number;
}

export function createFactService(store: FactStore, options: FactServiceOptions = {}) {
  const {
    generator,
    attempts = DEFAULT_ATTEMPTS,
    budgetMs = DEFAULT_GENERATION_BUDGET_MS,
    random = Math.random,
  } = options;

  async function fromBuiltin(): Promise<Fact> {
    const recent = new Set(
      (await store.recent(RECENT_TO_AVOID)).map((f) => normalizeFactText(f.text)),
    );
    const fresh = BUILTIN_FACTS.filter((t) => !recent.has(normalizeFactText(t)));
    const pool = fresh.length > 0 ? fresh : BUILTIN_FACTS;
    const text = pool[Math.floor(random() * pool.length)] ?? BUILTIN_FACTS[0]!;
    return store.add({ text, source: 'builtin', model: null });
  }

  async function fromModel(model: FactGenerator): Promise<Fact> {
    const avoid = (await store.recent(RECENT_TO_AVOID)).map((f) => f.text);
    const problems: string[] = [];
    const deadline = Date.now() + budgetMs;
    let tried = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const left = deadline - Date.now();
      if (left <= 0) {
        problems.push(`no time left for another attempt within ${budgetMs} ms`);
        break;
      }
      tried = attempt;
      let text: string;
      try {
        text = cleanGeneratedText(await model.generate(avoid, left));
      } catch (cause) {
        problems.push(
          `the model did not answer (${cause instanceof Error ? cause.message : 'unknown error'})`,
        );
        continue;
      }
      const problem =
        rejectionOf(text) ??
        ((await store.hasNormalized(normalizeFactText(text)))
          ? `"${text}" is already stored`
          : undefined);
      if (problem === undefined) {
        const stored = await store.addIfNew({ text, source: 'ai', model: model.model });
        if (stored) return stored;
        problems.push(`"${text}" was stored by another request meanwhile`);
      } else {
        problems.push(problem);
      }
      if (text) avoid.unshift(text);
    }
    throw new DomainError(
      'fact_generation_failed',
      `the language model (${model.model}) gave no usable fact in ${tried} attempts: ${problems.join('; ')}`,
    );
  }

  return {
    aiEnabled: generator !== undefined,
    sayHello: (text?: string) =>
      store.add({ text: helloText(text), source: 'manual', model: null }),
    /** Generates, stores and returns a new fact (and its event). */
    create: () => (generator ? fromModel(generator) : fromBuiltin()),
    latest: async () => (await store.recent(1))[0] ?? null,
    random: () => store.random(),
    page: (input: FactPageInput) => store.page(toFactQuery(input)),
  };
}

export type FactService = ReturnType<typeof createFactService>;
