// KAIFANG_AUDIT_DIGEST=on: each working day the authority's supervisors get the audit head as a short message, and
// `audit --verify --head <seq>:<hash>` checks the log against it later — even when the head file is gone too.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import type { Store } from '../src/application/ports/store.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import { fixedClock, openApp } from '../src/main.ts';
import { databasePath, tamper } from './support/audit-tamper.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const MONDAY_10AM = new Date('2026-11-23T02:00:00.000Z');
const MONDAY_8PM = new Date('2026-11-23T12:00:00.000Z');
const TUESDAY_10AM = new Date('2026-11-24T02:00:00.000Z');
const APPLY = 'apply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes';

async function digests(store: Store) {
  return (await store.outbox.list()).filter((m) => m.message === 'notify.auditDigest').map((m) => ({ userId: m.userId, params: m.params }));
}

async function city(env: Record<string, string>) {
  const store = createMemoryStore();
  const app = await openApp(loadConfig(env), { store, clock: fixedClock(MONDAY_10AM) });
  await seedDemo(store);
  await app.handler.handle({ channel: 'console', userId: 'alice', text: APPLY });
  return { app, store };
}

describe('the daily audit digest', () => {
  it('goes to the authority’s supervisors once a working day, in working hours, naming the last entry and its hash', async () => {
    const { app, store } = await city({ KAIFANG_AUDIT_DIGEST: 'on' });
    const [submitted] = await store.audit.list();

    expect((await app.tick.tick(MONDAY_8PM)).digests).toEqual([]);
    // What the dry run shows before the tick, the tick then sends.
    const previewed = (await app.tick.preview(MONDAY_10AM)).digests.filter((m) => m.message === 'notify.auditDigest');
    await app.tick.tick(MONDAY_10AM);
    const hash = submitted!.hash.slice(0, 16);
    expect(await digests(store)).toEqual([{ userId: 'dave', params: { date: '2026-11-23', seq: 1, hash } }]);
    expect(previewed.map((m) => ({ userId: m.userId, params: m.params }))).toEqual(await digests(store));
    expect((await store.audit.list()).at(-1)).toMatchObject({ seq: 2, action: 'audit.digest', channel: 'system', detail: { seq: 1, hash, to: 'dave' } });

    // Once a day: the next tick on Monday sends nothing more; Tuesday's names Monday's digest entry.
    await app.tick.tick(new Date(MONDAY_10AM.getTime() + 60_000));
    expect(await digests(store)).toHaveLength(1);
    expect((await app.tick.preview(new Date(MONDAY_10AM.getTime() + 60_000))).digests).toEqual([]);
    await app.tick.tick(TUESDAY_10AM);
    const log = await store.audit.list();
    const named = log[log.length - 2]!;
    expect(log.at(-1)?.action).toBe('audit.digest');
    expect(named.seq).toBeGreaterThanOrEqual(2);
    expect((await digests(store)).map((d) => d.params).sort((a, b) => String(a.date).localeCompare(String(b.date)))).toEqual([
      { date: '2026-11-23', seq: 1, hash },
      { date: '2026-11-24', seq: named.seq, hash: named.hash.slice(0, 16) },
    ]);
  });

  it('reads in the supervisor’s language', async () => {
    const { app, store } = await city({ KAIFANG_AUDIT_DIGEST: 'on' });
    await app.tick.tick(MONDAY_10AM);
    const [digest] = await digests(store);
    const zh = app.translator.for('zh-CN')('notify.auditDigest', digest!.params);
    expect(zh).toBe(`2026-11-23 审计记录摘要：最新为第 1 条，哈希 ${digest!.params.hash}。请保留此消息：运行 \`npx kaifang audit --verify --head 1:${digest!.params.hash}\` 可核对审计记录是否仍与之一致。`);
  });

  it('is not sent unless KAIFANG_AUDIT_DIGEST is on', async () => {
    const { app, store } = await city({});
    await app.tick.tick(MONDAY_10AM);
    expect(await digests(store)).toEqual([]);
    expect((await store.audit.list()).map((e) => e.action)).toEqual(['W5.submit']);
  });
});

describe('audit --verify --head', () => {
  it('checks the log against the head a digest gave, after the table and the head file were both cut back', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00', KAIFANG_LOCALE: 'en' };
    expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
    expect((await runInProcess(['console'], env, `as alice\n${APPLY}\nas carol\napprove C-0001\n`)).status).toBe(0);
    const exported = JSON.parse((await runInProcess(['audit', '--json'], env)).stdout) as { seq: number; hash: string }[];
    const given = `${exported[1]!.seq}:${exported[1]!.hash.slice(0, 16)}`;
    expect(given).toMatch(/^2:[0-9a-f]{16}$/);

    const intact = await runInProcess(['audit', '--verify', '--head', given], env);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toBe('Audit log intact: 2 entries, hash chain verified.\n');

    // The approval deleted, the case put back, and the head file removed: only the digest still knows entry 2.
    tamper(env.DATABASE_URL, (db) => {
      db.prepare('DELETE FROM "AuditEntry" WHERE "seq" = 2').run();
      db.prepare(`UPDATE "Case" SET "state" = 'formal_review', "version" = 1 WHERE "id" = 'C-0001'`).run();
    });
    rmSync(join(dirname(databasePath(env.DATABASE_URL)), 'kaifang.audit-head'));
    const cut = await runInProcess(['audit', '--verify', '--head', given], env);
    expect(cut.status).toBe(1);
    expect(cut.stderr.trimEnd().split('\n')).toEqual([
      'Audit head missing: the table has 1 entries but there is no head file recording them, so entries cut off the end cannot be ruled out.',
      'Audit log truncated: the head you gave names entry 2, but the table ends at entry 1.',
    ]);
    expect((await runInProcess(['audit', '--verify', '--head', '1:00000000000000000'], env)).stderr).toContain(
      'Audit log rewritten: entry 1 is not the one the head you gave names.',
    );
  });

  it('refuses a head that is not <number>:<hash>, and --head without --verify', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' };
    const bad = await runInProcess(['audit', '--verify', '--head', '2:xyz'], env);
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain('--head takes an entry\'s number and at least 16 hex digits of its hash');
    expect((await runInProcess(['audit', '--json', '--head', '2:0123456789abcdef'], env)).status).toBe(64);
    expect((await runInProcess(['audit', '--verify', '--frobnicate'], env)).status).toBe(64);
  });
});
