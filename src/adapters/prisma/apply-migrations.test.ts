import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS_DIR } from './apply-migrations.ts';
import { createPrismaStore } from './create-prisma-store.ts';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'kaifang-migrate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function freshPath(): string {
  n += 1;
  return join(root, `db-${n}`, 'kaifang.db');
}

const LOCAL_MIGRATIONS = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** The real Prisma CLI, with only DATABASE_URL telling it where to look. */
async function prisma(args: string[], path: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: `file:${path}` };
  return run('npx', ['prisma', ...args], { cwd: REPO_ROOT, env });
}

/** Columns and indexes of every table, in a form two databases can be compared by. */
function schemaOf(path: string): unknown {
  const db = new Database(path, { readonly: true });
  const names = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name`)
    .pluck()
    .all() as string[];
  const shape = names.map((table) => ({
    table,
    columns: db.pragma(`table_info("${table}")`),
    indexes: (db.pragma(`index_list("${table}")`) as { name: string; unique: number }[])
      .map((index) => ({ name: index.name, unique: index.unique, columns: db.pragma(`index_info("${index.name}")`) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
  db.close();
  return shape;
}

function tables(path: string): string[] {
  const db = new Database(path, { readonly: true });
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
  db.close();
  return names;
}

describe('applyMigrations', () => {
  it('finds prisma/migrations from its own location', () => {
    expect(existsSync(join(MIGRATIONS_DIR, 'migration_lock.toml'))).toBe(true);
    expect(LOCAL_MIGRATIONS.length).toBeGreaterThan(0);
  });

  it('applies every migration once, then has nothing to do', async () => {
    const path = freshPath();
    expect(await applyMigrations(`file:${path}`)).toEqual({ applied: LOCAL_MIGRATIONS });
    expect(await applyMigrations(`file:${path}`)).toEqual({ applied: [] });
    expect(tables(path)).toEqual(expect.arrayContaining(['_prisma_migrations', 'Case', 'AuditEntry', 'Counter']));
  });

  it('records migrations so that `prisma migrate status` and `migrate deploy` see an up-to-date database', async () => {
    const path = freshPath();
    await applyMigrations(`file:${path}`);

    const status = await prisma(['migrate', 'status'], path);
    expect(status.stdout).toContain('Database schema is up to date');

    const deploy = await prisma(['migrate', 'deploy'], path);
    expect(deploy.stdout).toContain('No pending migrations to apply');
  });

  it('builds exactly the tables schema.prisma describes (no change is missing a migration)', async () => {
    const migrated = freshPath();
    await applyMigrations(`file:${migrated}`);

    const fromSchema = freshPath();
    const { stdout: script } = await prisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], fromSchema);
    const db = new Database(fromSchema);
    db.exec(script);
    db.close();

    expect(schemaOf(migrated)).toEqual(schemaOf(fromSchema));
  });

  it('takes a database migrated by `prisma migrate deploy` as up to date', async () => {
    const path = freshPath();
    await prisma(['migrate', 'deploy'], path);
    expect(await applyMigrations(`file:${path}`)).toEqual({ applied: [] });
  });

  it('carries outbox messages written before the reminders migration over, due at their createdAt', async () => {
    const before = join(root, `migrations-before-reminders-${n}`);
    cpSync(MIGRATIONS_DIR, before, { recursive: true });
    // A database from before the reminders migration: it and every later one not applied yet.
    const later = readdirSync(before).filter((name) => /^\d{14}_/.test(name) && name >= '20261122090000_reminders').sort();
    for (const name of later) rmSync(join(before, name), { recursive: true });
    const path = freshPath();
    await applyMigrations(`file:${path}`, { migrationsDir: before });
    const db = new Database(path);
    // Written as Prisma writes DateTime on SQLite: ISO text with an explicit offset (the text is what gets compared).
    db.prepare(
      `INSERT INTO "OutboxMessage" ("userId", "caseId", "message", "params", "status", "attempts", "createdAt", "sentAt")
       VALUES ('u', 'C-0001', 'cases.assigned', '{"id":"C-0001"}', 'pending', 0, '2025-03-03T02:00:00.000+00:00', NULL)`,
    ).run();
    db.close();

    expect(await applyMigrations(`file:${path}`)).toEqual({ applied: later });
    const store = await createPrismaStore({ url: `file:${path}` });
    try {
      const at = new Date('2025-03-03T02:00:00.000Z');
      const [message] = await store.outbox.list();
      expect(message).toMatchObject({ status: 'pending', createdAt: at, nextAttemptAt: at, lastError: null, params: { id: 'C-0001' } });
      expect((await store.outbox.claimReady(at, new Date(at.getTime() + 60_000), 10)).map((m) => m.id)).toEqual([message!.id]);
    } finally {
      await store.close();
    }
  });

  it('gives catalog entries written before the data-type migration a type from their formats, in the table and in W1 cases', async () => {
    const migration = '20261123000000_catalog_data_type';
    const before = join(root, `migrations-before-data-type-${n}`);
    cpSync(MIGRATIONS_DIR, before, { recursive: true });
    // That migration and the later ones: a database from before it had none of them (and a later column, such as
    // Dataset.nameEn, would not survive the table's redefinition if it were applied first).
    const since = LOCAL_MIGRATIONS.filter((m) => m >= migration);
    for (const m of since) rmSync(join(before, m), { recursive: true });
    const path = freshPath();
    await applyMigrations(`file:${path}`, { migrationsDir: before });
    const db = new Database(path);
    const dataset = db.prepare(
      `INSERT INTO "Dataset" ("id", "number", "name", "summary", "fields", "attribute", "conditions", "formats", "updateFrequency", "providerAgencyId", "status")
       VALUES (?, ?, ?, 's', '["a"]', 'unconditional', NULL, ?, 'monthly', 'transport', 'published')`,
    );
    dataset.run('DS-0001', 1, 'files', '["CSV","JSON"]');
    dataset.run('DS-0002', 2, 'served', '["CSV","API"]');
    const entry = (formats: string[]) => ({ name: 'n', summary: 's', fields: ['a'], attribute: 'unconditional', conditions: null, formats, updateFrequency: 'daily' });
    const kase = db.prepare(
      `INSERT INTO "Case" ("id", "number", "workflow", "state", "data", "applicantId", "datasetId", "version", "createdAt", "updatedAt")
       VALUES (?, ?, ?, 'formal_review', ?, 'bob', NULL, 1, '2026-11-20T02:00:00.000+00:00', '2026-11-20T02:00:00.000+00:00')`,
    );
    kase.run('C-0001', 1, 'W1', JSON.stringify({ entry: entry(['API']), providerAgencyId: 'transport', submissions: 1, reasons: [], rejection: null }));
    kase.run('C-0002', 2, 'W1', JSON.stringify({ entry: entry(['XLS']), providerAgencyId: 'transport', submissions: 1, reasons: [], rejection: null }));
    kase.run('C-0003', 3, 'W7', JSON.stringify({ text: 'wrong', supplements: [] }));
    const extension = (workingDays: number) => ({ workingDays, reason: 'r', requestedOn: '2026-11-20', decision: 'approved', legalBasis: null });
    kase.run('C-0004', 4, 'W7', JSON.stringify({ text: 'late', extensions: [extension(5), extension(10)] }));
    db.close();

    expect(await applyMigrations(`file:${path}`)).toEqual({ applied: since });
    const store = await createPrismaStore({ url: `file:${path}` });
    try {
      expect((await store.datasets.search()).map((d) => [d.code, d.dataType])).toEqual([
        ['DS-0001', 'dataset'],
        ['DS-0002', 'api'],
      ]);
      const data = async (id: string) => (await store.cases.get(id))?.data as Record<string, any>;
      // The entry a W1 case keeps gets the same type; no declaration was made on it (null), so a resubmission asks them.
      expect(await data('C-0001')).toMatchObject({ entry: { formats: ['API'], dataType: 'api' }, declarations: null, submissions: 1 });
      expect(await data('C-0002')).toMatchObject({ entry: { dataType: 'dataset' }, declarations: null });
      // Every objection filed before W7 knew suggestions is an objection (T17 异议或者建议).
      expect(await data('C-0003')).toEqual({ text: 'wrong', supplements: [], kind: 'error' });
      // Extensions asked before S10's consultation was recorded say it was not, in their order.
      expect(await data('C-0004')).toEqual({
        text: 'late',
        kind: 'error',
        extensions: [
          { ...extension(5), consulted: false, agreed: null },
          { ...extension(10), consulted: false, agreed: null },
        ],
      });
    } finally {
      await store.close();
    }
  });

  it('rolls back completely when a migration fails, and says which one', async () => {
    const dir = join(root, `migrations-${n}`);
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(join(dir, '99999999999999_broken'));
    writeFileSync(join(dir, '99999999999999_broken', 'migration.sql'), 'CREATE TABLE "Extra" (id TEXT);\nTHIS IS NOT SQL;');
    const path = freshPath();

    await expect(applyMigrations(`file:${path}`, { migrationsDir: dir })).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message: expect.stringContaining('99999999999999_broken'),
    });
    expect(tables(path)).toEqual([]);
  });

  it('refuses to start over a migration Prisma left failed', async () => {
    const path = freshPath();
    await applyMigrations(`file:${path}`);
    const db = new Database(path);
    db.prepare(`UPDATE "_prisma_migrations" SET finished_at = NULL`).run();
    db.close();
    await expect(applyMigrations(`file:${path}`)).rejects.toMatchObject({
      code: 'STORE_MIGRATION_FAILED',
      message: expect.stringContaining('prisma migrate resolve'),
    });
  });
});
