// How repositories reach the database. Outside a transaction every call is serialised (see store-lock.ts), and
// anything that writes runs in a short transaction that first takes SQLite's write lock; inside `store.transaction`
// calls go straight to the transaction's client. Either way a failure leaves as a KaifangError.
import { setTimeout as sleep } from 'node:timers/promises';
import { KaifangError } from '../../domain/errors.ts';
import { storeError } from '../store-errors.ts';
import type { StoreLock } from '../store-lock.ts';
import { Prisma, type PrismaClient } from './generated/client.ts';

export type Db = Prisma.TransactionClient;

export interface PrismaSession {
  /** Statements that only read. `what` names the operation in error messages. */
  read<T>(what: string, fn: (db: Db) => Promise<T>): Promise<T>;
  /** Statements that must land together. */
  write<T>(what: string, fn: (db: Db) => Promise<T>): Promise<T>;
}

export interface WriteOptions {
  /**
   * SQLite: take the database-wide write lock before the first statement. A deferred SQLite transaction that reads
   * and then writes fails outright (SQLITE_BUSY_SNAPSHOT) when another connection committed in between; holding the
   * lock from the start turns that into waiting. PostgreSQL needs none of this.
   */
  exclusiveWrites: boolean;
  /** How long to keep retrying for the write lock before giving up with STORE_BUSY. */
  busyWaitMs: number;
}

/** Generous: a transaction holds SQLite's write lock, but its work is a few indexed statements. */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 15_000 } as const;

class WriteLockBusy extends Error {}

/** Any statement that writes takes SQLite's write lock, even when no row matches. */
async function takeWriteLock(db: Db): Promise<void> {
  try {
    await db.counter.updateMany({ where: { name: '~write-lock' }, data: { value: { increment: 1 } } });
  } catch (error) {
    if (isBusy(error)) throw new WriteLockBusy('write lock busy', { cause: error });
    throw error;
  }
}

/** The better-sqlite3 adapter reports SQLITE_BUSY as a timeout (P1008). */
function isBusy(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P1008';
}

export function isPrismaError(error: unknown): boolean {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientRustPanicError ||
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientValidationError ||
    (error instanceof Error && (error.name === 'DriverAdapterError' || error.name === 'SqliteError'))
  );
}

export function toStoreError(what: string, error: unknown): KaifangError {
  if (error instanceof KaifangError) return error;
  const detail = error instanceof Error ? error.message.trim().split('\n').at(-1) : String(error);
  return storeError('STORE_UNAVAILABLE', `The database failed during ${what}: ${detail}`, error);
}

/** Short waits with jitter, so two processes that collided do not collide again in step. */
function backoffMs(attempt: number): number {
  return Math.min(5 * 2 ** attempt, 100) * (0.5 + Math.random());
}

/**
 * Runs `work` in one transaction, retrying while another connection holds the write lock. Errors raised by `work`
 * itself pass through untouched; errors of the database machinery become KaifangErrors.
 */
export async function runTransaction<T>(
  client: PrismaClient,
  options: WriteOptions,
  what: string,
  work: (db: Db) => Promise<T>,
): Promise<T> {
  const giveUpAt = Date.now() + options.busyWaitMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await client.$transaction(async (tx) => {
        if (options.exclusiveWrites) await takeWriteLock(tx);
        return work(tx);
      }, TRANSACTION_OPTIONS);
    } catch (error) {
      if (error instanceof WriteLockBusy) {
        if (Date.now() < giveUpAt) {
          await sleep(backoffMs(attempt));
          continue;
        }
        throw storeError(
          'STORE_BUSY',
          `The database stayed locked by another process for ${options.busyWaitMs} ms during ${what}.`,
          error.cause,
        );
      }
      if (isPrismaError(error)) throw toStoreError(what, error);
      throw error;
    }
  }
}

/** The session for the store's own repositories: serialised, each write its own transaction. */
export function createTopLevelSession(client: PrismaClient, lock: StoreLock, options: WriteOptions): PrismaSession {
  return {
    read: (what, fn) =>
      lock.run(async () => {
        try {
          return await fn(client);
        } catch (error) {
          throw toStoreError(what, error);
        }
      }),
    write: (what, fn) =>
      lock.run(() =>
        runTransaction(client, options, what, async (db) => {
          try {
            return await fn(db);
          } catch (error) {
            throw toStoreError(what, error);
          }
        }),
      ),
  };
}

/**
 * The session for the repositories handed to `store.transaction(work)`. `end()` retires it when the transaction is
 * over, so a repository kept past `work` fails plainly instead of reaching a closed transaction.
 */
export function createTransactionSession(db: Db): { session: PrismaSession; end(): void } {
  let open = true;
  const run = async <T>(what: string, fn: (db: Db) => Promise<T>): Promise<T> => {
    if (!open) throw storeError('STORE_MISUSE', `${what} was called on the repositories of a transaction that has ended.`);
    try {
      return await fn(db);
    } catch (error) {
      throw toStoreError(what, error);
    }
  };
  return {
    session: { read: run, write: run },
    end: () => {
      open = false;
    },
  };
}
