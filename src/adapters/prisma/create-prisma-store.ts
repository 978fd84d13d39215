// The SQLite store: migrates the file, opens Prisma over the better-sqlite3 driver adapter, and hands out
// repositories that speak only domain types.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { Repositories, Store } from '../../application/ports/store.ts';
import { storeError } from '../store-errors.ts';
import { createStoreLock } from '../store-lock.ts';
import { applyMigrations } from './apply-migrations.ts';
import { createPrismaRepositories } from './create-prisma-repositories.ts';
import { PrismaClient } from './generated/client.ts';
import {
  createTopLevelSession,
  createTransactionSession,
  runTransaction,
  toStoreError,
  type WriteOptions,
} from './prisma-session.ts';
import { sqliteFilePath } from './sqlite-file-path.ts';
import { WORKFLOWS } from '../../domain/workflows/registry.ts';

export interface PrismaStoreOptions {
  /** `file:<path>`, relative paths from the working directory. */
  url: string;
  /** How long a write keeps retrying while another process holds the database's write lock. Default 10 s. */
  busyWaitMs?: number;
  /** The ids of the workflows the application runs (default: the built-in registry's). */
  workflowIds?: readonly string[];
}

/**
 * SQLite's own busy wait blocks the whole Node process (better-sqlite3 is synchronous), which would also stall a
 * transaction this process has open. So SQLite waits only briefly and runTransaction retries with async sleeps.
 */
const SQLITE_BUSY_TIMEOUT_MS = 50;

export async function createPrismaStore(options: PrismaStoreOptions): Promise<Store> {
  const path = sqliteFilePath(options.url);
  mkdirSync(dirname(path), { recursive: true });
  await applyMigrations(options.url);

  const client = new PrismaClient({
    adapter: new PrismaBetterSQLite3({ url: options.url, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  try {
    await client.$connect();
  } catch (error) {
    throw storeError('STORE_UNAVAILABLE', `Cannot open the SQLite database ${path}.`, error);
  }

  const lock = createStoreLock();
  const writeOptions: WriteOptions = { exclusiveWrites: true, busyWaitMs: options.busyWaitMs ?? 10_000 };
  const workflowIds = options.workflowIds ?? WORKFLOWS.ids;
  const repositories = createPrismaRepositories(createTopLevelSession(client, lock, writeOptions), workflowIds);

  return {
    ...repositories,
    transaction: <T>(work: (repos: Repositories) => Promise<T>) =>
      lock.run(() =>
        runTransaction(client, writeOptions, 'transaction', async (tx) => {
          const { session, end } = createTransactionSession(tx);
          try {
            return await work(createPrismaRepositories(session, workflowIds));
          } finally {
            end();
          }
        }),
      ),
    // Waits for calls already under way, then lets go of the file.
    close: () =>
      lock.run(async () => {
        try {
          await client.$disconnect();
        } catch (error) {
          throw toStoreError('close', error);
        }
      }),
  };
}
