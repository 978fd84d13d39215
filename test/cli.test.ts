// The `kaifang` bin as an operator runs it: exit codes, what goes to stdout and stderr, and what lands in the database.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { runCli, tempDatabaseUrl } from './support/run-cli.ts';

const files = mkdtempSync(join(tmpdir(), 'kaifang-cli-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

function calendarFile(name: string, text: string): string {
  const path = join(files, name);
  writeFileSync(path, text);
  return path;
}

async function datasetCodes(databaseUrl: string): Promise<string[]> {
  const store = await createPrismaStore({ url: databaseUrl });
  try {
    return (await store.datasets.search()).map((d) => d.code);
  } finally {
    await store.close();
  }
}

describe('seed and cases', () => {
  it('seeds the demo data idempotently', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl() };
    const first = runCli(['seed', '--demo'], { env });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('演示数据已就绪：4 个单位，7 名用户，新建 6 个数据集、5 个事项。');

    const second = runCli(['seed', '--demo'], { env: { ...env, KAIFANG_LOCALE: 'en' } });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('Demo data ready: 4 agencies, 7 users, 0 datasets and 0 cases created.');
    expect(await datasetCodes(env.DATABASE_URL)).toEqual(['DS-0001', 'DS-0002', 'DS-0003', 'DS-0004', 'DS-0005', 'DS-0006']);
  });

  it('refuses `seed` without --demo', () => {
    const run = runCli(['seed'], { env: { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' } });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('seed --demo');
  });

  it('exports an empty database as an empty JSON array', () => {
    const run = runCli(['cases', '--json'], { env: { DATABASE_URL: tempDatabaseUrl() } });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
  });
});

describe('configuration and usage errors', () => {
  it.each([
    ['KAIFANG_TIME_ZONE', 'Mars/Base', /KAIFANG_TIME_ZONE: must be an IANA time zone/],
    ['KAIFANG_PROFILE', 'beijing', /KAIFANG_PROFILE: unknown profile "beijing"; one of taian/],
    ['DATABASE_URL', 'mysql://db/kaifang', /DATABASE_URL: must be a SQLite file url/],
    ['KAIFANG_NOW', 'tomorrow', /KAIFANG_NOW: must be an ISO 8601 date-time/],
  ])('fails fast on a bad %s, naming it', (name, value, message) => {
    const run = runCli(['cases', '--json'], { env: { DATABASE_URL: tempDatabaseUrl(), [name]: value } });
    expect(run.status).toBe(78); // EX_CONFIG
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('prints the usage for an unknown command and exits non-zero', () => {
    const run = runCli(['frobnicate'], { env: { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' } });
    expect(run.status).toBe(64); // EX_USAGE
    expect(run.stderr).toContain('Unknown command: frobnicate');
    expect(run.stderr).toContain('Usage: kaifang <command>');
    expect(run.stderr).toContain('deadline <date> <working days>');
  });
});

describe('deadline', () => {
  it('prints the due date as the first line: 30 September 2026 + 5 working days is 13 October', () => {
    // Oct 1–7 National Day, Oct 8 and 9 count, Oct 10 is a make-up working Saturday, Oct 11 a Sunday, then 12 and 13.
    const run = runCli(['deadline', '2026-09-30', '5']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('2026-10-13');
  });

  it('stops on a bad line of the calendar file, naming the line', () => {
    const path = calendarFile('bad.txt', '# 2027\nnotice 2027 国务院办公厅关于2027年部分节假日安排的通知\n\nholiday 2027-02-30 春节\n');
    const run = runCli(['deadline', '2026-12-30', '5'], { env: { KAIFANG_CALENDAR_FILE: path } });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('KAIFANG_CALENDAR_FILE');
    expect(run.stderr).toContain(`${path} line 4:`);
    expect(run.stderr).toContain('"2027-02-30" is not a valid date');
    expect(run.stdout).toBe('');
  });

  it('counts 2027 from the operator’s file once the notice is out', () => {
    // Start Wed 2026-12-30, not counted. Thu 12-31 is working day 1; Fri 2027-01-01 is 元旦; Sat 2 and Sun 3 are off;
    // Mon 4 … Thu 7 are working days 2–5 → due 2027-01-07.
    //
    // Without a 2027 notice (none is built in) the calendar falls back to the statutory holidays (元旦 = Jan 1), which
    // gives the same date but marks it provisional: a second line says so.
    const fallback = runCli(['deadline', '2026-12-30', '5'], { env: { KAIFANG_LOCALE: 'en' } });
    expect(fallback.status, fallback.stderr).toBe(0);
    const [fallbackDue, note] = fallback.stdout.trim().split('\n');
    expect(fallbackDue).toBe('2027-01-07');
    expect(note).toMatch(/provisional.*2027/);

    // The file gives 元旦 as Jan 1–3 (Fri–Sun): the same working days, so the same date, now final: one line only.
    const notice = calendarFile('2027.txt', 'notice 2027 国务院办公厅关于2027年部分节假日安排的通知\nholiday 2027-01-01..2027-01-03 元旦\n');
    const final = runCli(['deadline', '2026-12-30', '5'], { env: { KAIFANG_CALENDAR_FILE: notice } });
    expect(final.status, final.stderr).toBe(0);
    expect(final.stdout.trim().split('\n')).toEqual(['2027-01-07']);

    // A (hypothetical) notice with a make-up working Saturday on Jan 2 moves the date a day earlier: Dec 31 = 1,
    // Sat Jan 2 = 2, Mon 4 = 3, Tue 5 = 4, Wed 6 = 5 → 2027-01-06. The file wins over the fallback.
    const makeUp = calendarFile(
      '2027-makeup.txt',
      'notice 2027 假设的通知\nholiday 2027-01-01 元旦\nworkday 2027-01-02 元旦调休\n',
    );
    const moved = runCli(['deadline', '2026-12-30', '5'], { env: { KAIFANG_CALENDAR_FILE: makeUp } });
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.stdout.trim().split('\n')).toEqual(['2027-01-06']);
  });
});

describe('start', () => {
  it('seeds an empty database, then chats: the catalog lists the six demo datasets', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl() };
    const run = runCli(['start'], { env, input: 'as alice\ndatasets\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('演示数据已就绪：4 个单位，7 名用户，新建 6 个数据集、5 个事项。');
    expect(run.stdout).toContain('已开放数据集（6）：');
    for (const line of [
      'DS-0001 · 公交线路与站点 · 无条件开放 · 市交通运输局',
      'DS-0002 · 公交客流刷卡明细 · 有条件开放 · 市交通运输局',
      'DS-0003 · 空气质量监测小时数据 · 无条件开放 · 市生态环境局',
      'DS-0004 · 重点排污单位在线监测 · 有条件开放 · 市生态环境局',
    ])
      expect(run.stdout).toContain(line);

    // A second start finds the data there and does not seed again.
    const again = runCli(['start'], { env, input: 'as alice\ndatasets\n' });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('演示数据已就绪');
    expect(again.stdout).toContain('已开放数据集（6）：');
    expect(await datasetCodes(env.DATABASE_URL)).toEqual(['DS-0001', 'DS-0002', 'DS-0003', 'DS-0004', 'DS-0005', 'DS-0006']);
  });

  it('speaks the platform language of KAIFANG_LOCALE to the people it seeds', () => {
    const run = runCli(['start'], { env: { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' }, input: 'as alice\ndatasets\n' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Demo data ready: 4 agencies, 7 users, 6 datasets and 5 cases created.');
    expect(run.stdout).toContain('You are now Alice 王丽 (alice).');
    expect(run.stdout).toContain('Open datasets (6):');
  });
});

describe('audit', () => {
  it('verifies the hash chain, and names the first entry someone edited behind the bot’s back', () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00', KAIFANG_LOCALE: 'en' };
    // People and datasets only: the demo's cases would write their own history first.
    expect(runCli(['seed', '--demo', '--no-cases'], { env }).status).toBe(0);
    const chat = runCli(['console'], {
      env,
      input: 'as alice\napply DS-0002 title=t reason=r type=api period=2027-06-30 result=x scenario=s commit=yes meets=yes\nas carol\napprove C-0001\n',
    });
    expect(chat.status, chat.stderr).toBe(0);
    const intact = runCli(['audit', '--verify'], { env });
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout.trim()).toBe('Audit log intact: 2 entries, hash chain verified.');
    const exported = JSON.parse(runCli(['audit', '--json'], { env }).stdout);
    expect(exported.map((e: { action: string; actorId: string; channel: string }) => [e.action, e.actorId, e.channel])).toEqual([
      ['W5.submit', 'alice', 'console'],
      ['W5.approve_formal', 'carol', 'console'],
    ]);

    // Rewrite who approved, straight in the database file.
    const db = new Database(env.DATABASE_URL.replace(/^file:/, ''));
    db.prepare("UPDATE AuditEntry SET actorId = 'mallory' WHERE seq = 2").run();
    db.close();
    const broken = runCli(['audit', '--verify'], { env });
    expect(broken.status).toBe(1);
    expect(broken.stderr.trim()).toBe('Audit log altered: the hash chain fails from entry 2 on.');
    expect(runCli(['audit'], { env }).status).toBe(64);
  });
});
