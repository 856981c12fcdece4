// Contracts tie a subject to its zod schema. Subjects are derived, never typed
// by hand, so `<owner>.evt.<aggregate>.<event>.v<N>` and
// `<owner>.query.<name>.v<N>` hold for every contract.
import type { z } from 'zod';
import type { ServiceName } from './streams.ts';

// One or more kebab-case tokens separated by dots; no wildcards, no spaces.
const TOKEN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export interface EventContract<S extends z.ZodType = z.ZodType, Subject extends string = string> {
  readonly kind: 'event';
  readonly owner: ServiceName;
  readonly aggregate: string;
  readonly event: string;
  /** `<aggregate>.<event>`, the envelope's `type`. */
  readonly type: string;
  readonly version: number;
  readonly subject: Subject;
  readonly description: string;
  readonly schema: S;
  readonly example: z.output<S>;
}

export interface QueryContract<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Subject extends string = string,
> {
  readonly kind: 'query';
  readonly owner: ServiceName;
  readonly name: string;
  readonly version: number;
  readonly subject: Subject;
  /** The micro-service endpoint name (`facts-latest-v1`): endpoint names allow no dots. */
  readonly endpoint: string;
  readonly description: string;
  readonly request: Req;
  readonly response: Res;
  readonly example: { readonly request: z.output<Req>; readonly response: z.output<Res> };
}

export type EventData<C extends EventContract> = z.output<C['schema']>;
export type QueryRequest<C extends QueryContract> = z.output<C['request']>;
export type QueryResponse<C extends QueryContract> = z.output<C['response']>;

function checkTokens(label: string, value: string): void {
  if (!value.split('.').every((t) => TOKEN.test(t))) {
    throw new Error(`${label} "${value}" must be dot-separated kebab-case tokens`);
  }
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1) {
    throw new Error(`version ${version} must be a positive integer`);
  }
}

export function defineEvent<
  const O extends ServiceName,
  const A extends string,
  const E extends string,
  const V extends number,
  S extends z.ZodType,
>(def: {
  owner: O;
  aggregate: A;
  event: E;
  version: V;
  description: string;
  schema: S;
  example: z.output<S>;
}): EventContract<S, `${O}.evt.${A}.${E}.v${V}`> {
  checkTokens('aggregate', def.aggregate);
  if (def.aggregate.includes('.')) throw new Error(`aggregate "${def.aggregate}" is one token`);
  checkTokens('event', def.event);
  if (def.event.includes('.')) throw new Error(`event "${def.event}" is one token`);
  checkVersion(def.version);
  return Object.freeze({
    kind: 'event',
    ...def,
    type: `${def.aggregate}.${def.event}`,
    subject: `${def.owner}.evt.${def.aggregate}.${def.event}.v${def.version}` as const,
  });
}

export function defineQuery<
  const O extends ServiceName,
  const N extends string,
  const V extends number,
  Req extends z.ZodType,
  Res extends z.ZodType,
>(def: {
  owner: O;
  name: N;
  version: V;
  description: string;
  request: Req;
  response: Res;
  example: { request: z.output<Req>; response: z.output<Res> };
}): QueryContract<Req, Res, `${O}.query.${N}.v${V}`> {
  checkTokens('query name', def.name);
  checkVersion(def.version);
  return Object.freeze({
    kind: 'query',
    ...def,
    subject: `${def.owner}.query.${def.name}.v${def.version}` as const,
    endpoint: `${def.name.replaceAll('.', '-')}-v${def.version}`,
  });
}
