// Brings the database up to the schema on every start, without the Prisma CLI (it takes a second and more to load).
// Applied migrations are recorded in Prisma's own `_prisma_migrations` table, in Prisma's format, so
// `prisma migrate status` and `prisma migrate deploy` agree afterwards.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { KaifangError } from '../../domain/errors.ts';
import { storeError } from '../store-errors.ts';
import { sqliteFilePath } from './sqlite-file-path.ts';

/** prisma/migrations at the repository root, found from this file so the working directory does not matter. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../prisma/migrations/', import.meta.url));

/** Startup may wait this long for another process that is migrating the same file. */
const LOCK_TIMEOUT_MS = 30_000;

// Exactly the table `prisma migrate deploy` creates on SQLite.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface ApplyMigrationsOptions {
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations this call applied, oldest first; empty when the database was up to date. */
  applied: string[];
}

interface AppliedRow {
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

/** Prisma writes its timestamps as ISO text with an explicit offset. */
function prismaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

/** Migration folder names in order; their names start with a timestamp. */
function localMigrations(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (cause) {
    throw storeError('STORE_MIGRATION_FAILED', `Cannot read the migrations folder ${dir}.`, cause);
  }
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function appliedMigrations(db: Database.Database): Set<string> {
  const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
  if (table === undefined) return new Set();
  const rows = db
    .prepare(`SELECT migration_name, finished_at, rolled_back_at FROM "_prisma_migrations"`)
    .all() as AppliedRow[];
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed !== undefined) {
    throw storeError(
      'STORE_MIGRATION_FAILED',
      `Migration ${failed.migration_name} failed earlier and was never resolved. Fix the database, then run ` +
        `\`npx prisma migrate resolve --applied ${failed.migration_name}\` (or --rolled-back) and start again.`,
    );
  }
  return new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
}

/**
 * Applies the migrations the database has not seen, in order, in one exclusive transaction: a second process starting
 * at the same moment waits for the lock, then finds them applied. Also switches the file to WAL, so readers never
 * wait for a writer.
 */
/**
 * WAL, waiting for the lock as long as a migration would: a fresh file opened by several processes at the same moment
 * has them all asking to change its journal mode, and SQLite answers SQLITE_BUSY at once for that, without waiting
 * (the busy timeout does not cover it). Bounded by LOCK_TIMEOUT_MS.
 */
async function switchToWal(db: Database.Database): Promise<void> {
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (cause) {
      if ((cause as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw cause;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

export async function applyMigrations(url: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const path = sqliteFilePath(url);
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  const local = localMigrations(dir);

  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: LOCK_TIMEOUT_MS });
  } catch (cause) {
    throw storeError('STORE_UNAVAILABLE', `Cannot open the SQLite database ${path}: ${String(cause)}`, cause);
  }

  try {
    await switchToWal(db);

    // Fast path, no lock: the usual start finds nothing to do.
    const seen = appliedMigrations(db);
    if (local.every((name) => seen.has(name))) return { applied: [] };

    db.exec('BEGIN IMMEDIATE');
    let current = '';
    try {
      db.exec(CREATE_MIGRATIONS_TABLE);
      const done = appliedMigrations(db);
      const pending = local.filter((name) => !done.has(name));
      const record = db.prepare(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
      );
      for (const name of pending) {
        current = name;
        const script = readFileSync(join(dir, name, 'migration.sql'));
        const startedAt = prismaTimestamp(new Date());
        db.exec(script.toString('utf8'));
        const checksum = createHash('sha256').update(script).digest('hex');
        record.run(randomUUID(), checksum, prismaTimestamp(new Date()), name, startedAt);
      }
      db.exec('COMMIT');
      return { applied: pending };
    } catch (cause) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw storeError(
        'STORE_MIGRATION_FAILED',
        `Applying migration ${current || '(setup)'} to ${path} failed; nothing was changed: ${String(cause)}`,
        cause,
      );
    }
  } catch (error) {
    if (error instanceof KaifangError) throw error;
    throw storeError('STORE_UNAVAILABLE', `Cannot read the SQLite database ${path}: ${String(error)}`, error);
  } finally {
    db.close();
  }
}
