// The SQLite store: migrates the file, opens Prisma over the better-sqlite3 driver adapter, and hands out
// repositories that speak only domain types.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import type { AuditEntry } from '../../application/ports/cases.ts';
import type { Repositories, Store } from '../../application/ports/store.ts';
import { AUDIT_KEYED_ACTION, hasLegacySeal, keyedMarker, verifyAuditChain } from '../audit-hash.ts';
import { createAuditHeadFile, type AuditHead } from '../audit-head.ts';
import { AUDIT_KEY_MIN_LENGTH, besideDatabase, loadOrCreateAuditKey } from '../audit-key.ts';
import { storeError } from '../store-errors.ts';
import { createStoreLock } from '../store-lock.ts';
import { applyMigrations } from './apply-migrations.ts';
import { insertAuditEntry, toAuditEntry } from './audit.repository.ts';
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
  /**
   * The key the audit chain is sealed with (KAIFANG_AUDIT_KEY). Default: the key in `<name>.audit-key` beside the
   * database file, generated there (mode 0600) on the first open.
   */
  auditKey?: string | null;
  /** The append-only audit head file (KAIFANG_AUDIT_HEAD_FILE). Default: `<name>.audit-head` beside the database. */
  auditHeadFile?: string | null;
  /** Where a head line that could not be written is reported. Default: stderr. */
  log?: (line: string) => void;
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
  const key = options.auditKey ?? loadOrCreateAuditKey(besideDatabase(path, 'audit-key'));
  if (key.length < AUDIT_KEY_MIN_LENGTH) throw storeError('STORE_MISUSE', `The audit key must be at least ${AUDIT_KEY_MIN_LENGTH} characters.`);
  const head = createAuditHeadFile(
    options.auditHeadFile ?? besideDatabase(path, 'audit-head'),
    options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  );

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
  // Outside a transaction each append commits on its own: its head line follows at once.
  const repositories = createPrismaRepositories(createTopLevelSession(client, lock, writeOptions), workflowIds, {
    key,
    appended: (entry) => head.record([entry]),
  });
  try {
    await sealLegacyChain(client, writeOptions, key, head);
  } catch (error) {
    await client.$disconnect().catch(() => undefined);
    throw error;
  }

  return {
    ...repositories,
    transaction: <T>(work: (repos: Repositories) => Promise<T>) =>
      lock.run(async () => {
        const { result, appended } = await runTransaction(client, writeOptions, 'transaction', async (tx) => {
          // Fresh for every attempt: a retried transaction's earlier appends never committed.
          const appended: AuditEntry[] = [];
          const { session, end } = createTransactionSession(tx);
          try {
            const result = await work(createPrismaRepositories(session, workflowIds, { key, appended: (entry) => appended.push(entry) }));
            return { result, appended };
          } finally {
            end();
          }
        });
        // Committed: only now do its entries reach the head. A rolled-back transaction leaves no line.
        head.record(appended);
        return result;
      }),
    auditIntegrity: {
      checkChain: (entries) => verifyAuditChain(entries, key),
      readHead: () => head.read(),
    },
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

/**
 * A database from before the audit key has an unkeyed chain. The first open with a key appends `audit.keyed`, sealed
 * with the key and linked to the last unkeyed entry: it pins that prefix from now on, and marks where the keyed chain
 * begins. Done once, in one write transaction, so two processes opening the file together append one marker. Any
 * other database costs one read of its first entry.
 */
async function sealLegacyChain(client: PrismaClient, writeOptions: WriteOptions, key: string, head: AuditHead): Promise<void> {
  const isLegacy = (row: Parameters<typeof toAuditEntry>[0] | null): boolean => {
    if (row === null) return false;
    try {
      return hasLegacySeal(toAuditEntry(row));
    } catch {
      // A first entry that does not even parse is for `audit --verify` to report, not for the start to trip over.
      return false;
    }
  };
  try {
    if (!isLegacy(await client.auditEntry.findUnique({ where: { seq: 1 } }))) return;
  } catch (error) {
    throw toStoreError('audit.keyed', error);
  }
  const marker = await runTransaction(client, writeOptions, 'audit.keyed', async (tx) => {
    if ((await tx.auditEntry.findFirst({ where: { action: AUDIT_KEYED_ACTION }, select: { seq: true } })) !== null) return null;
    const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' } });
    return insertAuditEntry(tx, key, keyedMarker(toAuditEntry(last!), new Date()));
  });
  if (marker !== null) head.record([marker]);
}
