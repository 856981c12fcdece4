// The bus's SQL surface on top of a Prisma client, so a service writes its
// domain row with Prisma and its outbox row through the same transaction:
//
//   await prisma.$transaction(async (tx) => {
//     const fact = await tx.fact.create({ data });
//     await enqueueEvent(sqlFromPrisma(tx), events.factCreated, …);
//   });
import type { SqlClient, SqlDatabase } from './sql.ts';

/** The raw-SQL methods of a Prisma client, or of the `tx` inside $transaction. */
export interface PrismaRawClient {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): PromiseLike<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): PromiseLike<number>;
}

export interface PrismaTransactionOptions {
  /** How long to wait for a connection to start the transaction (ms). */
  maxWait?: number;
  /** How long the transaction may stay open before Prisma rolls it back (ms). */
  timeout?: number;
}

/** A whole Prisma client: raw SQL, interactive transactions, disconnect. */
export interface PrismaClientLike extends PrismaRawClient {
  $transaction<R>(
    fn: (tx: PrismaRawClient) => Promise<R>,
    options?: PrismaTransactionOptions,
  ): Promise<R>;
  $disconnect(): Promise<void>;
}

/**
 * Prisma's defaults (2 s wait, 5 s run) are made for short request handlers;
 * the outbox relay holds its transaction while JetStream acknowledges a
 * batch, and a busy database can be slow to hand out a connection.
 */
export const DEFAULT_TRANSACTION_OPTIONS: Required<PrismaTransactionOptions> = {
  maxWait: 10_000,
  timeout: 60_000,
};

export function sqlFromPrisma(client: PrismaRawClient): SqlClient {
  return {
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await client.$queryRawUnsafe<T[]>(sql, ...params)) ?? [],
    execute: async (sql: string, params: unknown[] = []) =>
      Number(await client.$executeRawUnsafe(sql, ...params)),
  };
}

/**
 * A SqlDatabase whose transactions are Prisma interactive transactions.
 * `listen` comes from the driver (Prisma has no LISTEN), see open-database.ts.
 */
export function sqlDatabaseFromPrisma(
  prisma: PrismaClientLike,
  options: PrismaTransactionOptions & { listen?: SqlDatabase['listen'] } = {},
): SqlDatabase {
  const { listen, ...tx } = options;
  const txOptions = { ...DEFAULT_TRANSACTION_OPTIONS, ...tx };
  return {
    ...sqlFromPrisma(prisma),
    transaction: (fn) => prisma.$transaction((t) => fn(sqlFromPrisma(t)), txOptions),
    ...(listen ? { listen } : {}),
  };
}
