// `kaifang calendar import <file> [--apply]` as an operator runs it, in this process: the State Council's notice read
// from its text, shown, stored on --apply, and the open deadlines recounted.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { OFFICIAL_NOTICES } from '../src/domain/calendar/official-notices.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'holiday-notices');
const fixture = (name: string) => join(FIXTURES, name);
// Not the real 2027 notice (not out when this was written): 元旦 1–4 January with Saturday 9 January worked, and so on.
const NOTICE_2027 = fixture('2027-hypothetical.txt');

const files = mkdtempSync(join(tmpdir(), 'kaifang-calendar-import-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

const APPLY = 'apply DS-0002 title="公交客流研究" reason="优化公交线网" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

/**
 * The demo city with one W5 application filed Mon 28 Dec 2026, 10:00: formal review, five working days. Without a
 * 2027 notice: Tue 29, Wed 30, Thu 31, (Fri 1 Jan 元旦, the weekend), Mon 4, Tue 5 → due 2027-01-05, provisional.
 */
async function city(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-12-28T10:00:00+08:00', ...extra };
  expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
  const filed = await runInProcess(['console'], env, `as alice\n${APPLY}\n`);
  expect(filed.stdout).toMatch(/C-0001.*2027-01-05/);
  return env;
}

async function withStore<T>(env: Record<string, string>, work: (store: Awaited<ReturnType<typeof createPrismaStore>>) => Promise<T>): Promise<T> {
  const store = await createPrismaStore({ url: env.DATABASE_URL! });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('calendar import on the published notices', () => {
  it.each(OFFICIAL_NOTICES.map((n) => [n.year, n] as const))('reads the %i notice as exactly the shipped data, and says so', async (year, shipped) => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-12-28T10:00:00+08:00' };
    const run = await runInProcess(['calendar', 'import', fixture(`${year}.txt`), '--json'], env);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.notice).toEqual({ year: shipped.year, title: shipped.title, holidays: [...shipped.holidays], workdays: [...shipped.workdays] });
    expect(out).toMatchObject({ applied: false, settingKey: `calendar.notice.${year}`, replaces: 'builtIn', sameDays: true, overriddenByFile: false, moved: [] });
  });
});

describe('calendar import of next year’s notice', () => {
  it('shows what it read, what it replaces and which deadlines would move, and stores nothing', async () => {
    const env = await city();
    const run = await runInProcess(['calendar', 'import', NOTICE_2027], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '2027年：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）（2026-11-12 印发）',
      '  元旦：2027-01-01（周五）至 2027-01-04（周一），共 4 天',
      '    调休上班：2027-01-09（周六）',
      '  春节：2027-02-05（周五）至 2027-02-11（周四），共 7 天',
      '    调休上班：2027-02-20（周六）',
      '  清明节：2027-04-03（周六）至 2027-04-05（周一），共 3 天',
      '  劳动节：2027-05-01（周六）至 2027-05-05（周三），共 5 天',
      '    调休上班：2027-04-25（周日）',
      '  端午节：2027-06-09（周三），共 1 天',
      '  中秋节：2027-09-15（周三），共 1 天',
      '  国庆节：2027-10-01（周五）至 2027-10-07（周四），共 7 天',
      '    调休上班：2027-09-26（周日）、2027-10-09（周六）',
      '共 28 个放假日、5 个调休上班日。',
      '2027 年尚无生效的节假日安排通知，此通知将作为 2027 年的依据。',
      '按此通知，将有 1 个未办结事项的办理期限变动：',
      '  C-0001  2027-01-05（暂定） → 2027-01-06',
      '未做任何保存。加 --apply 重新运行，即保存为 2027 年的通知并重新计算未办结事项的办理期限。',
      '',
    ]);
    await withStore(env, async (store) => {
      expect(await store.settings.get('calendar.notice.2027')).toBeNull();
      expect((await store.cases.get('C-0001'))?.deadline).toMatchObject({ dueOn: '2027-01-05', provisional: true });
    });
  });

  it('--apply stores it with its provenance, moves the deadline as recompute does, and every later start counts on it', async () => {
    const env = await city({ KAIFANG_LOCALE: 'en' });
    const run = await runInProcess(['calendar', 'import', NOTICE_2027, '--apply'], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n').slice(-6)).toEqual([
      '2027 has no notice in force yet: this becomes the notice for 2027.',
      'Stored as the notice for 2027 (setting calendar.notice.2027).',
      'C-0001  2027-01-05 (provisional) → 2027-01-06',
      '1 deadline(s) moved: the parties will be told in working hours, and the audit log records it.',
      'A running serve keeps counting on the calendar it started with: restart it so that new deadlines are counted on this notice.',
      '',
    ]);
    await withStore(env, async (store) => {
      const stored = JSON.parse((await store.settings.get('calendar.notice.2027'))!);
      expect(stored).toMatchObject({ year: 2027, title: '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）', issuedOn: '2026-11-12', importedAt: '2026-12-28T02:00:00.000Z' });
      expect((await store.cases.get('C-0001'))?.deadline).toMatchObject({ dueOn: '2027-01-06', provisional: false });
      const told = await store.outbox.list({ status: ['pending'] });
      expect(told.filter((m) => m.message === 'notify.deadlineMoved').map((m) => m.userId).sort()).toEqual(['alice', 'carol']);
      const audit = await store.audit.list();
      expect(audit.find((e) => e.action === 'calendar.notice_imported')).toMatchObject({
        actorId: 'operator',
        channel: 'cli',
        caseId: null,
        detail: { year: 2027, issuedOn: '2026-11-12', holidays: 28, workdays: 5, replaces: '-' },
      });
    });
    // The fingerprint was recorded: the next start does not recount, and a recompute finds nothing to move.
    expect((await runInProcess(['calendar', 'recompute', '--dry-run'], env)).stdout).toBe('Every open deadline already matches the holiday calendar in force; nothing to change.\n');
    expect((await runInProcess(['deadline', '2026-12-28', '5'], env)).stdout).toBe('2027-01-06\n');
    const explained = await runInProcess(['deadline', '2026-12-28', '5', '--explain'], env);
    expect(explained.stdout).toContain('国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号） (2027)');

    // Again: it says what it replaces; with the same days nothing moves.
    const again = await runInProcess(['calendar', 'import', NOTICE_2027, '--apply'], env);
    expect(again.stdout).toContain('It replaces the notice for 2027 imported on 2026-12-28 10:00.');
    expect(again.stdout).toContain('Its days are those of the notice in force for 2027: no deadline moves.');
    expect(again.stdout).toContain('Every open deadline already matches the holiday calendar in force; nothing to change.');
  });

  it('warns that KAIFANG_CALENDAR_FILE keeps the year it gives', async () => {
    const override = join(files, 'override-2027.txt');
    writeFileSync(override, 'notice 2027 本地文件\nholiday 2027-01-01 元旦\n');
    const env = await city({ KAIFANG_CALENDAR_FILE: override, KAIFANG_LOCALE: 'en' });
    const run = await runInProcess(['calendar', 'import', NOTICE_2027, '--apply'], env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('has no notice in force yet');
    expect(run.stdout).toContain('KAIFANG_CALENDAR_FILE also gives 2027: the file stays in force over this notice until 2027 is removed from it.');
    expect(run.stdout).toContain('Every open deadline already matches the holiday calendar in force; nothing to change.');
    expect((await runInProcess(['deadline', '2026-12-28', '5'], env)).stdout).toBe('2027-01-05\n');
  });
});

describe('calendar import refuses', () => {
  const edited = (name: string, from: string, to: string) => {
    const path = join(files, name);
    const text = readFileSync(NOTICE_2027, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
    return path;
  };

  it.each([
    ['a date outside the year', '1月9日（周六）上班', '2026年12月26日（周六）上班', 4, '2026-12-26 is not in 2027: the notice for 2027 can only arrange days of 2027.'],
    ['a make-up day on a weekday', '2月20日（周六）上班', '2月19日上班', 5, 'Make-up working day 2027-02-19 is a Friday: a make-up working day is a Saturday or Sunday that is worked.'],
    ['a wrong day count', '共7天。2月20日', '共8天。2月20日', 5, '2027-02-05 to 2027-02-11 is 7 day(s), not the 8 the notice states.'],
    ['a wrong weekday', '6月9日（周三）', '6月9日（周四）', 8, '2027-06-09 is a Wednesday, not a Thursday as the notice writes.'],
  ])('%s, naming the line, and stores nothing', async (name, from, to, line, reason) => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' };
    const path = edited(`${name}.txt`, from, to);
    const run = await runInProcess(['calendar', 'import', path, '--apply'], env);
    expect(run.status).toBe(2);
    const written = readFileSync(path, 'utf8').split('\n')[line - 1]!.trim();
    expect(run.stderr.split('\n')).toEqual([`${path} line ${line}: ${reason}`, `  “${written.length > 60 ? `${written.slice(0, 60)}…` : written}”`, 'Nothing was stored.', '']);
    expect(run.stdout).toBe('');
  });

  it('a text without the title, in the operator’s language', async () => {
    const path = edited('untitled.txt', '国务院办公厅关于2027年部分节假日安排的通知', '放假通知');
    const run = await runInProcess(['calendar', 'import', path], { DATABASE_URL: tempDatabaseUrl() });
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(`${path}：未找到标题行“国务院办公厅关于YYYY年部分节假日安排的通知”：年份和出处都取自标题，请连同标题一起粘贴通知。`);
  });

  it('a file that is not there or not a file, and a command line it cannot understand', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' };
    const missing = await runInProcess(['calendar', 'import', join(files, 'nowhere.txt')], env);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`${join(files, 'nowhere.txt')}: no such file.\n`);
    expect((await runInProcess(['calendar', 'import', files], env)).stderr).toBe(`${files} is not a file.\n`);
    const bare = await runInProcess(['calendar', 'import'], env);
    expect(bare.status).toBe(64);
    expect(bare.stderr).toContain("calendar import needs the file that holds the notice's text.");
    expect(bare.stderr).toContain('kaifang calendar import <file> [--apply] [--json]');
    expect((await runInProcess(['calendar', 'import', NOTICE_2027, 'extra'], env)).status).toBe(64);
    expect((await runInProcess(['calendar', 'import', NOTICE_2027, '--dry-run'], env)).stderr).toContain('Unknown option: --dry-run');
    expect((await runInProcess(['calendar', 'recompute', '--apply'], env)).stderr).toContain('Unknown option: --apply');
  });

  it('to start on a stored notice that fails its check, naming the setting', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_LOCALE: 'en' };
    await withStore(env, (store) => store.settings.put('calendar.notice.2027', '{"year":2027}'));
    const run = await runInProcess(['calendar', 'recompute'], env);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^STORE_CORRUPT: Setting calendar\.notice\.2027 is not a holiday notice as kaifang stores it \(title: /);
  });
});
