import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KaifangError } from '../../domain/errors.ts';
import type { NewAuditEntry } from '../../application/ports/cases.ts';
import { AUDIT_KEYED_ACTION, legacyAuditHash } from '../audit-hash.ts';
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
    expect(store.auditIntegrity.checkChain(await store.audit.list())).toEqual({ ok: false, legacyThrough: 0, seq: 2 });
    await store.close();
  });

  it('seals with a key generated beside the database on first open, kept for later opens, and keeps the head there', async () => {
    const { url, path } = freshUrl();
    const entry: NewAuditEntry = { at: new Date(), actorId: 'u', channel: 'cli', action: 'x', caseId: null, detail: {} };
    const first = await createPrismaStore({ url });
    await first.audit.append(entry);
    await first.close();
    const keyFile = join(dirname(path), 'kaifang.audit-key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);

    const second = await createPrismaStore({ url });
    await second.audit.append(entry);
    expect(second.auditIntegrity.checkChain(await second.audit.list())).toEqual({ ok: true, legacyThrough: 0 });
    expect((await second.auditIntegrity.readHead())?.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(readFileSync(join(dirname(path), 'kaifang.audit-head'), 'utf8').split('\n')).toHaveLength(3);
    await second.close();

    // The same key given as KAIFANG_AUDIT_KEY would be: the same chain. Another key: nothing verifies.
    const same = await createPrismaStore({ url, auditKey: key });
    expect(same.auditIntegrity.checkChain(await same.audit.list())).toEqual({ ok: true, legacyThrough: 0 });
    await same.close();
    const other = await createPrismaStore({ url, auditKey: 'x'.repeat(32) });
    expect(other.auditIntegrity.checkChain(await other.audit.list())).toEqual({ ok: false, legacyThrough: 0, seq: 1 });
    await other.close();
  });

  it('takes the key and the head file from the options, writing no key file', async () => {
    const { url, path } = freshUrl();
    const headFile = join(root, `elsewhere-${n}.audit-head`);
    const store = await createPrismaStore({ url, auditKey: 'given-key-of-at-least-32-characters!', auditHeadFile: headFile });
    const appended = await store.audit.append({ at: new Date(), actorId: 'u', channel: 'cli', action: 'x', caseId: null, detail: {} });
    await store.close();
    expect(existsSync(join(dirname(path), 'kaifang.audit-key'))).toBe(false);
    expect(existsSync(join(dirname(path), 'kaifang.audit-head'))).toBe(false);
    expect(readFileSync(headFile, 'utf8')).toMatch(new RegExp(`^1 ${appended.hash} \\S+\n$`));
    await expect(createPrismaStore({ url, auditKey: 'short' })).rejects.toMatchObject({ code: 'STORE_MISUSE' });
  });

  it('seals a database from before the key: one audit.keyed entry, once, pinning the legacy chain', async () => {
    const { url, path } = freshUrl();
    const made = await createPrismaStore({ url });
    for (const action of ['W5.submit', 'W5.approve_formal', 'W5.approve_provider'])
      await made.audit.append({ at: new Date('2026-11-23T02:00:00.000Z'), actorId: 'u', channel: 'console', action, caseId: 'C-0001', detail: { n: 1 } });
    const entries = await made.audit.list();
    await made.close();
    // Turn it into what the code before the key left: a sha256 chain, no key file, no head.
    const db = new Database(path);
    let prevHash = entries[0]!.prevHash;
    for (const e of entries) {
      const hash = legacyAuditHash(prevHash, e.seq, e);
      db.prepare(`UPDATE "AuditEntry" SET "prevHash" = ?, "hash" = ? WHERE "seq" = ?`).run(prevHash, hash, e.seq);
      prevHash = hash;
    }
    db.close();
    rmSync(join(dirname(path), 'kaifang.audit-key'));
    rmSync(join(dirname(path), 'kaifang.audit-head'));

    // Two processes starting on it at once (two stores here): one marker between them.
    const [upgraded, beside] = await Promise.all([createPrismaStore({ url }), createPrismaStore({ url })]);
    await beside!.close();
    const after = await upgraded!.audit.list();
    expect(after.map((e) => e.action)).toEqual(['W5.submit', 'W5.approve_formal', 'W5.approve_provider', AUDIT_KEYED_ACTION]);
    expect(after[3]).toMatchObject({ seq: 4, actorId: 'system', channel: 'system', caseId: null, prevHash, detail: { legacyThrough: 3, legacyHead: prevHash } });
    expect(upgraded!.auditIntegrity.checkChain(after)).toEqual({ ok: true, legacyThrough: 3 });
    expect((await upgraded!.auditIntegrity.readHead())?.records.map((r) => r.seq)).toEqual([4]);
    await upgraded!.close();

    // Opened again later: nothing more to seal.
    const again = await createPrismaStore({ url });
    expect(await again.audit.list()).toHaveLength(4);
    await again.close();
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
