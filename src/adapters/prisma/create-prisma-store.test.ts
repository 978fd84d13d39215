import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KaifangError } from '../../domain/errors.ts';
import { verifyAuditChain } from '../audit-hash.ts';
import { describeStoreContract } from '../../../test/support/store-contract.ts';
import { createPrismaStore } from './create-prisma-store.ts';

const root = mkdtempSync(join(tmpdir(), 'kaifang-store-'));
let n = 0;
/** A fresh database file per test, in a folder that does not exist yet. */
function freshUrl(): { url: string; path: string } {
  n += 1;
  const path = join(root, `db-${n}`, 'kaifang.db');
  return { url: `file:${path}`, path };
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStoreContract('SQLite (Prisma)', () => createPrismaStore({ url: freshUrl().url }));

describe('createPrismaStore on SQLite', () => {
  it('keeps data across a reopen and switches the file to WAL', async () => {
    const { url, path } = freshUrl();
    const first = await createPrismaStore({ url });
    await first.cases.create(
      { workflow: 'W1', state: 'draft', data: {}, applicantId: 'u', datasetId: null, assignee: null, deadline: null },
      new Date(),
      'u',
    );
    await first.close();

    const second = await createPrismaStore({ url });
    expect((await second.cases.list()).map((c) => c.id)).toEqual(['C-0001']);
    await second.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('shows a row edited behind its back as a break in the audit chain', async () => {
    const { url, path } = freshUrl();
    const store = await createPrismaStore({ url });
    for (const action of ['W5.start', 'W5.approve', 'W5.close']) {
      await store.audit.append({ at: new Date(), actorId: 'u', channel: 'cli', action, caseId: 'C-0001', detail: { a: 1 } });
    }
    const db = new Database(path);
    db.prepare(`UPDATE "AuditEntry" SET "detail" = '{"a":2}' WHERE "seq" = 2`).run();
    db.close();
    expect(verifyAuditChain(await store.audit.list())).toEqual({ ok: false, seq: 2 });
    await store.close();
  });

  it('reports a malformed row as STORE_CORRUPT instead of passing it on', async () => {
    const { url, path } = freshUrl();
    const store = await createPrismaStore({ url });
    await store.users.upsert({ id: 'u', name: 'U', roles: ['applicant'], agencyId: null, verified: true, dishonest: false, locale: 'en' });
    const db = new Database(path);
    db.prepare(`UPDATE "User" SET "roles" = '["admin"]'`).run();
    db.close();
    await expect(store.users.get('u')).rejects.toMatchObject({ name: 'KaifangError', code: 'STORE_CORRUPT' });
    await store.close();
  });

  it('throws STORE_UNAVAILABLE, with the cause, when the database breaks', async () => {
    const { url, path } = freshUrl();
    const store = await createPrismaStore({ url });
    const db = new Database(path);
    db.exec('DROP TABLE "Case"');
    db.close();
    const error = await store.cases.get('C-0001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaifangError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as KaifangError).cause).toBeDefined();
    expect((error as KaifangError).message).toContain('cases.get');
    await store.close();
  });

  it('refuses a file that is not a database, naming it', async () => {
    const { path } = freshUrl();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'this is not a database, just some text that is long enough to fill a header page'.repeat(20));
    const error = await createPrismaStore({ url: `file:${path}` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KaifangError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((error as Error).message).toContain(path);
  });

  it('refuses urls it cannot serve', async () => {
    await expect(createPrismaStore({ url: 'postgres://localhost/x' })).rejects.toMatchObject({ code: 'STORE_MISUSE' });
    await expect(createPrismaStore({ url: 'file::memory:' })).rejects.toMatchObject({ code: 'STORE_MISUSE' });
  });
});
