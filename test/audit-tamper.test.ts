// `kaifang audit --verify` against someone who can write the database file but does not hold the audit key: each way
// of tampering with the log (or with the cases it explains) is found, naming the first bad entry or the missing range.
// Before the key, the head and the replay, every one of the first eight passed as "intact".
//
// The database: the demo city after a morning's work on Monday 23 November 2026, through the console —
//    1 W5.submit C-0001              5 W5.approve_provider C-0001 (grant G-0001)    9 task.nudge C-0004
//    2 W5.submit C-0002              6 W5.submit C-0003                            10 task.reassign C-0003
//    3 W5.approve_formal C-0001      7 W7.submit C-0004                            11 W7.request_extension C-0004
//    4 W5.reject_formal C-0002       8 task.nudge C-0003                           12 W7.approve_extension C-0004
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendForged, auditRows, databasePath, rechainWithSha256, rewriteEntry, tamper } from './support/audit-tamper.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';

const NOW = '2026-11-23T10:00:00+08:00';
const root = mkdtempSync(join(tmpdir(), 'kaifang-tamper-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const MORNING = [
  'as alice',
  'apply DS-0002 title="公交客流研究" reason="优化公交线网" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes',
  'apply DS-0004 title="排污研究" reason="环境评估" type=dataset period=2027-06-30 result="报告" scenario="评估" commit=yes meets=yes',
  'as carol',
  'approve C-0001',
  'reject C-0002 basis="《办法》第十四条" reason="用途不明"',
  'as bob',
  'approve C-0001',
  'as alice',
  // T15(三): the grant is made when the applicant accepts the agreement the provider offered (entry 6).
  'accept C-0001',
  'apply DS-0004 title="排污研究二" reason="环境评估" type=dataset period=2027-06-30 result="报告" scenario="评估" commit=yes meets=yes',
  'object DS-0001 站点坐标有误',
  'nudge C-0003',
  'nudge C-0004',
  'as dave',
  'reassign C-0003 cathy',
  'as bob',
  'extend C-0004 days=10 reason="需要现场核实" consulted=是 agreed="提出人同意延期"',
  'as carol',
  'approve C-0004',
];

let template: string;

beforeAll(async () => {
  template = join(root, 'template');
  const env = { DATABASE_URL: `file:${join(template, 'kaifang.db')}`, KAIFANG_NOW: NOW };
  expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
  // A second reviewer at the authority, so that a supervisor's handover (转办) hands the task to someone.
  const store = await createPrismaStore({ url: env.DATABASE_URL });
  await store.users.upsert({ id: 'cathy', name: 'Cathy 钱晨', roles: ['reviewer'], agencyId: 'bdb', verified: true, dishonest: false, locale: 'zh-CN' });
  await store.close();
  const morning = await runInProcess(['console'], env, `${MORNING.join('\n')}\n`);
  expect(morning.status, morning.stderr).toBe(0);
  expect(morning.stdout).toContain('C-0004');
}, 60_000);

let copies = 0;
/** A copy of the morning's data folder (database, key, head) to tamper with. */
function morningCopy(locale = 'en'): Record<string, string> {
  copies += 1;
  const folder = join(root, `copy-${copies}`);
  cpSync(template, folder, { recursive: true });
  return { DATABASE_URL: `file:${join(folder, 'kaifang.db')}`, KAIFANG_NOW: NOW, KAIFANG_LOCALE: locale };
}

const verify = (env: Record<string, string>) => runInProcess(['audit', '--verify'], env);

/** The lines `audit --verify` wrote to stderr, after checking it failed and printed nothing else. */
async function findings(env: Record<string, string>): Promise<string[]> {
  const run = await verify(env);
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  return run.stderr.trimEnd().split('\n');
}

describe('audit --verify on an untouched log', () => {
  it('finds the chain, the head and every case intact', async () => {
    const run = await verify(morningCopy());
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('Audit log intact: 13 entries, hash chain verified.\n');
    expect(run.stderr).toBe('');
  });
});

describe('audit --verify finds each tamper class', () => {
  it('1. the last row deleted: the missing entry, and the case it leaves unexplained', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => db.prepare('DELETE FROM "AuditEntry" WHERE "seq" = 13').run());
    expect(await findings(env)).toEqual([
      'Audit log truncated: missing entries 13 at the end (the audit head recorded entries up to 13).',
      'Case C-0004 does not follow from its audit entries: the Case table says handling, version 3; the entries give extension_pending, version 2.',
    ]);
  });

  it('2. the last ten rows deleted: the missing range', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => db.prepare('DELETE FROM "AuditEntry" WHERE "seq" > 2').run());
    expect(await findings(env)).toEqual([
      'Audit log truncated: missing entries 3–13 at the end (the audit head recorded entries up to 13).',
      'Case C-0001 does not follow from its audit entries: the Case table says approved, version 4; the entries give formal_review, version 1.',
      'Case C-0001 does not follow from its audit entries: grant G-0001 was made by none of them.',
      'Case C-0002 does not follow from its audit entries: the Case table says rejected, version 2; the entries give formal_review, version 1.',
      'Case C-0003 does not follow from its audit entries: it has none (the bot did not create it).',
      'Case C-0004 does not follow from its audit entries: it has none (the bot did not create it).',
    ]);
  });

  it('3. every row deleted: the whole log is missing', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => db.prepare('DELETE FROM "AuditEntry"').run());
    expect(await findings(env)).toEqual([
      'Audit log truncated: missing entries 1–13 at the end (the audit head recorded entries up to 13).',
      ...['C-0001', 'C-0002', 'C-0003', 'C-0004'].map((id) => `Case ${id} does not follow from its audit entries: it has none (the bot did not create it).`),
    ]);
  });

  it('4. a row edited and its hash recomputed: the entry, by its seal and by the head', async () => {
    const env = morningCopy();
    // Someone else approved the extension, says the rewritten last entry.
    tamper(env.DATABASE_URL!, (db) => rewriteEntry(db, 13, { actorId: 'dave' }));
    expect(await findings(env)).toEqual([
      'Audit log altered: the hash chain fails from entry 13 on.',
      'Audit log rewritten: entry 13 is not the one the audit head recorded.',
    ]);
  });

  it('5. a forged W5.approve_formal appended with a correct sha256 chain: the entry, the head, and the case', async () => {
    const env = morningCopy();
    const seq = tamper(env.DATABASE_URL!, (db) =>
      appendForged(db, {
        at: new Date('2026-11-23T03:00:00.000Z'),
        actorId: 'carol',
        channel: 'console',
        action: 'W5.approve_formal',
        caseId: 'C-0003',
        detail: { dueOn: '2026-12-07', state: 'provider_review', version: 3 },
      }),
    );
    expect(seq).toBe(14);
    expect(await findings(env)).toEqual([
      'Audit log altered: the hash chain fails from entry 14 on.',
      "Audit head behind: it never recorded entries 14 (written behind the bot's back, or lost in a crash between commit and head).",
      'Case C-0003 does not follow from its audit entries: the Case table says formal_review, version 2; the entries give provider_review, version 3.',
    ]);
  });

  it('6. a refusal rewritten as an approval, chain recomputed and the case changed to match: the entry', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => {
      rewriteEntry(db, 4, { action: 'W5.approve_formal', detail: { dueOn: '2026-12-07', state: 'provider_review', version: 2 } });
      db.prepare(`UPDATE "Case" SET "state" = 'provider_review' WHERE "id" = 'C-0002'`).run();
    });
    expect(await findings(env)).toEqual([
      'Audit log altered: the hash chain fails from entry 4 on.',
      'Audit log rewritten: entry 4 is not the one the audit head recorded.',
    ]);
  });

  it('7. a case’s state changed in the Case table, the log untouched: the case', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => db.prepare(`UPDATE "Case" SET "state" = 'approved' WHERE "id" = 'C-0002'`).run());
    expect(await findings(env)).toEqual([
      'Case C-0002 does not follow from its audit entries: the Case table says approved, version 2; the entries give rejected, version 2.',
    ]);
  });

  it('8. a middle row edited and every later hash recomputed: the first rewritten entry', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => {
      rewriteEntry(db, 5, { actorId: 'mallory' });
      // rewriteEntry recomputed 5–12; every one of them now has a valid sha256 link.
      expect(auditRows(db).slice(5).every((e, i, rest) => i === 0 || e.prevHash === rest[i - 1]!.hash)).toBe(true);
    });
    expect(await findings(env)).toEqual([
      'Audit log altered: the hash chain fails from entry 5 on.',
      'Audit log rewritten: entry 5 is not the one the audit head recorded.',
    ]);
  });
});

describe('audit --verify finds what the replay and the head alone show', () => {
  it('a grant inserted with no approving entry, and a grant deleted from under its approval', async () => {
    const env = morningCopy();
    tamper(env.DATABASE_URL!, (db) => {
      db.prepare(
        `INSERT INTO "Grant" ("id", "number", "caseId", "datasetId", "userId", "expiresOn", "agreementRef", "grantedAt") SELECT 'G-0002', 2, 'C-0003', "datasetId", 'alice', '2027-06-30', 'AG-C-0003', '2026-11-23T03:00:00.000+00:00' FROM "Case" WHERE "id" = 'C-0003'`,
      ).run();
      db.prepare(`DELETE FROM "Grant" WHERE "id" = 'G-0001'`).run();
    });
    expect(await findings(env)).toEqual([
      'Case C-0001 does not follow from its audit entries: grant G-0001, made by entry 6, is not in the Grant table.',
      'Case C-0003 does not follow from its audit entries: grant G-0002 was made by none of them.',
    ]);
  });

  it('a head file deleted', async () => {
    const env = morningCopy();
    rmSync(join(dirname(databasePath(env.DATABASE_URL!)), 'kaifang.audit-head'));
    expect(await findings(env)).toEqual([
      'Audit head missing: the table has 13 entries but there is no head file recording them, so entries cut off the end cannot be ruled out.',
    ]);
  });

  it('says it in Chinese by default', async () => {
    const env = morningCopy('zh-CN');
    tamper(env.DATABASE_URL!, (db) => db.prepare('DELETE FROM "AuditEntry" WHERE "seq" > 11').run());
    expect(await findings(env)).toEqual([
      '审计记录被截断：末尾缺少第 12–13 条（审计头记载到第 13 条）。',
      '事项 C-0004 与其审计记录不符：事项表为 handling、第 3 版，审计记录推出 handling、第 1 版。',
    ]);
  });
});

describe('the audit key and a log from before it', () => {
  it('seals with KAIFANG_AUDIT_KEY when it is set, and nothing verifies under another key', async () => {
    const folder = join(root, 'with-key');
    const env = { DATABASE_URL: `file:${join(folder, 'kaifang.db')}`, KAIFANG_NOW: NOW, KAIFANG_LOCALE: 'en', KAIFANG_AUDIT_KEY: 'a'.repeat(64) };
    expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
    expect((await runInProcess(['console'], env, `${MORNING.slice(0, 2).join('\n')}\n`)).status).toBe(0);
    expect((await verify(env)).stdout).toBe('Audit log intact: 1 entries, hash chain verified.\n');
    expect(await findings({ ...env, KAIFANG_AUDIT_KEY: 'b'.repeat(64) })).toEqual(['Audit log altered: the hash chain fails from entry 1 on.']);
    // Without the variable, a key file is generated beside the database: not the same key either.
    expect(await findings({ ...env, KAIFANG_AUDIT_KEY: '' })).toEqual(['Audit log altered: the hash chain fails from entry 1 on.']);
  });

  it('opens a log chained without a key, seals it, and says which entries predate the key', async () => {
    const env = morningCopy();
    const folder = dirname(databasePath(env.DATABASE_URL!));
    // What the code before the key left: a sha256 chain, no key file, no head file.
    tamper(env.DATABASE_URL!, (db) => rechainWithSha256(db, 1));
    rmSync(join(folder, 'kaifang.audit-key'));
    rmSync(join(folder, 'kaifang.audit-head'));

    const run = await verify(env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      [
        'Entries 1–13 predate the audit key: they were chained without it, so a rewrite made before entry 14 sealed them cannot be detected.',
        'Audit log intact: 14 entries, hash chain verified.',
        '',
      ].join('\n'),
    );

    // From now on the legacy part is pinned: rewriting it, sha256 chain and all, breaks the keyed marker.
    tamper(env.DATABASE_URL!, (db) => rewriteEntry(db, 3, { actorId: 'mallory' }));
    const after = await verify(env);
    expect(after.status).toBe(1);
    expect(after.stderr.trimEnd().split('\n')).toEqual([
      'Audit log altered: the hash chain fails from entry 14 on.',
      'Audit log rewritten: entry 14 is not the one the audit head recorded.',
    ]);
  });
});
