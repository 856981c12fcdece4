// Facts are short lines the bot shares in chat. In this foundation stage a
// person can only add a "hello" fact by hand; generated facts come later.
import { DomainError } from './errors.ts';

export const FACT_SOURCES = ['ai', 'builtin', 'manual'] as const;
/** Who made a fact: a language model, the built-in list, or a person. */
export type FactSource = (typeof FACT_SOURCES)[number];

export function toFactSource(value: string): FactSource {
  const known = FACT_SOURCES.find((s) => s === value);
  if (!known) throw new DomainError('invalid_input', `unknown fact source "${value}"`);
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
  /** The newest facts, newest first. */
  recent(limit: number): Promise<Fact[]>;
  countSince(since: Date): Promise<number>;
}

export const MAX_FACT_LENGTH = 500;
export const DEFAULT_HELLO = 'Hello from stream-bot!';

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

export function createFactService(store: FactStore) {
  return {
    sayHello: (text?: string) =>
      store.add({ text: helloText(text), source: 'manual', model: null }),
    latest: async () => (await store.recent(1))[0] ?? null,
  };
}

export type FactService = ReturnType<typeof createFactService>;
