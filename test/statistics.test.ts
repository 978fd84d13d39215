// The evaluation's figures (T22, S37) on a fixed November through the live app: cases on time, late and escalated,
// returned and resubmitted, refused, and one still overdue — every figure asserted, on the SQLite file and in memory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import { createStatisticsService } from '../src/application/evaluation/statistics-service.ts';
import type { HandlingStatistics } from '../src/domain/evaluation/handling-statistics.ts';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { resolve } from 'node:path';
import { startFakeSlackApi } from './support/fake-slack-api.ts';
import { createFakeTelegramApi } from './support/fake-telegram-api.ts';
import { runTogether, startWorker } from './support/shared-clock-start.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { tamper } from './support/audit-tamper.ts';
import { APPLY, createWorld, shanghai, type World } from './support/reminder-world.ts';

const at = (day: string, time = '10:00') => `2026-11-${day}T${time}:00+08:00`;

async function november(world: World): Promise<void> {
  await world.store.users.upsert({ id: 'amy', name: 'Amy', roles: ['applicant'], agencyId: null, verified: true, dishonest: false, locale: 'en' });
  await world.store.datasets.create(
    { name: 'Metro flows', summary: 'Metro flows (test)', fields: ['a'], attribute: 'conditional', conditions: 'research only', formats: ['CSV'], dataType: 'dataset', updateFrequency: 'monthly', sharing: 'unconditional', sharingConditions: null, sharingBasis: null },
    'transport',
    'published',
  );
  const step = async (day: string, who: string, text: string) => {
    await world.advanceTo(at(day), 60);
    const replies = await world.say(who, text);
    expect(replies.join('\n')).toMatch(/^(Received|C-\d{4} done)/);
  };
  // C-0001, on time: formal review in 1 working day, the provider's in 2, accepted.
  await step('02', 'alice', `apply DS-0001 ${APPLY}`);
  // C-0002: formal review the same day; the provider lets its 10 working days (due 16 November) pass.
  await step('02', 'alice', `apply DS-0002 ${APPLY}`);
  await step('02', 'carol', 'approve C-0002');
  await step('03', 'carol', 'approve C-0001');
  await step('05', 'bob', 'approve C-0001');
  await step('06', 'alice', 'accept C-0001');
  // C-0003: returned by the bureau after 2 working days, resubmitted 3 working days later, then decided quickly.
  await step('09', 'amy', `apply DS-0003 ${APPLY}`);
  // C-0004: refused by the provider, on time.
  await step('10', 'alice', `apply DS-0003 ${APPLY}`);
  await step('10', 'carol', 'approve C-0004');
  await step('11', 'carol', 'return C-0003 reasons="State the research institution"');
  await step('12', 'bob', 'reject C-0004 basis="S20" reason="the scenario is outside the open conditions"');
  // C-0005: nobody reviews it; due 23 November, overdue at the end.
  await step('16', 'amy', `resubmit C-0003 scenario="planning at the institute"`);
  await step('16', 'amy', `apply DS-0001 ${APPLY}`);
  await step('17', 'carol', 'approve C-0003');
  await step('18', 'ben', 'approve C-0003');
  await step('18', 'amy', 'accept C-0003');
  await step('20', 'bob', 'approve C-0002');
  await step('20', 'alice', 'accept C-0002');
  await world.advanceTo(at('25', '18:00'), 60);
}

const figures = (f: Partial<HandlingStatistics['total']>) => expect.objectContaining(f);

describe.each([
  ['SQLite', () => ({})],
  ['memory', () => ({ store: createMemoryStore() })],
])('the evaluation of November on the %s store', (storeName, options) => {
  let world: World;
  let statistics: ReturnType<typeof createStatisticsService>;
  const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };
  const TODAY = '2026-11-25';

  beforeAll(async () => {
    world = await createWorld(at('02', '09:00'), options());
    await november(world);
    statistics = createStatisticsService({ store: world.store, workflows: world.app.service.workflows, calendar: world.app.calendar, timeZone: 'Asia/Shanghai' });
  }, 120_000);
  afterAll(() => world.close());

  it('escalated the late tasks as the ladder says (the scenario’s own check)', () => {
    const escalations = world.deliveries.filter((d) => d.message === 'notify.reminder.escalation').map((d) => [shanghai(d.at).slice(0, 10), d.caseId, d.userId]);
    expect(escalations).toEqual([
      ['2026-11-17', 'C-0002', 'tom'],
      ['2026-11-19', 'C-0002', 'dave'],
      ['2026-11-24', 'C-0005', 'dave'],
    ]);
  });

  it('per agency: each agency’s own steps, handling time with the clock stopped while returned', async () => {
    const stats = await statistics.compute({ ...NOVEMBER, by: 'agency', scope: null }, TODAY);
    expect(stats.rows.map((r) => r.key)).toEqual(['bdb', 'transport']);
    // bdb held C-0001 1 wd, C-0002 0, C-0003 2 + 1 (the return's 3 working days not counted), C-0004 0.
    expect(stats.rows[0]!.figures).toEqual({
      closed: 4, onTime: 4, onTimeRate: 1, overdueNow: 1, medianDays: 0.5, p90Days: expect.closeTo(2.4, 9), escalations: 1, returns: 1, returnsPerCase: 0.25,
    });
    // transport held C-0001 2 wd, C-0002 14 (late: due 16 November, decided the 20th), C-0003 1, C-0004 2.
    expect(stats.rows[1]!.figures).toEqual({
      closed: 4, onTime: 3, onTimeRate: 0.75, overdueNow: 0, medianDays: 2, p90Days: expect.closeTo(10.4, 9), escalations: 2, returns: 0, returnsPerCase: 0,
    });
  });

  it('per workflow and in all: each case once, every agency step, returns and escalations of the whole case', async () => {
    const stats = await statistics.compute({ ...NOVEMBER, by: 'workflow', scope: null }, TODAY);
    // Case totals: C-0001 3, C-0002 14, C-0003 4, C-0004 2 working days.
    const w5 = { closed: 4, onTime: 3, onTimeRate: 0.75, overdueNow: 1, medianDays: 3.5, p90Days: expect.closeTo(11, 9), escalations: 3, returns: 1, returnsPerCase: 0.25 };
    expect(stats.rows).toEqual([{ key: 'W5', figures: w5 }]);
    expect(stats.total).toEqual(w5);
  });

  it('a supervisor’s scope is their agency’s steps only', async () => {
    const scope = await statistics.scopeOf((await world.store.users.get('tom'))!);
    expect(scope).toEqual({ ok: true, value: 'transport' });
    const stats = await statistics.compute({ ...NOVEMBER, by: 'workflow', scope: 'transport' }, TODAY);
    expect(stats.total).toEqual(figures({ closed: 4, onTime: 3, overdueNow: 0, medianDays: 2, escalations: 2, returns: 0 }));
    const byAgency = await statistics.compute({ ...NOVEMBER, by: 'agency', scope: 'transport' }, TODAY);
    expect(byAgency.rows.map((r) => r.key)).toEqual(['transport']);
    // The authority's staff and operators see every agency; an applicant or a provider's reviewer none.
    expect(await statistics.scopeOf((await world.store.users.get('carol'))!)).toEqual({ ok: true, value: null });
    expect(await statistics.scopeOf((await world.store.users.get('bob'))!)).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(await statistics.scopeOf((await world.store.users.get('alice'))!)).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
  });

  it('in chat: stats [period] / 统计, each person their scope', async () => {
    expect(await world.say('carol', 'stats 2026-11')).toEqual([
      [
        'Figures 2026-11-01 – 2026-11-30 (every agency), as of 2026-11-25:',
        '• Big Data Bureau: 4/4 closed on time (100%), 1 overdue now, handling median 0.5 / P90 2.4 working days, 1 escalation(s), 0.25 return(s) per case',
        '• Transport Bureau: 3/4 closed on time (75%), 0 overdue now, handling median 2 / P90 10.4 working days, 2 escalation(s), 0 return(s) per case',
        'In all: 3/4 closed on time (75%), 1 overdue now, handling median 3.5 / P90 11 working days, 3 escalation(s), 0.25 return(s) per case',
        "On time: every step ended by its due day. Handling time counts the agency's own steps; the clock stops while a case is returned for correction.",
      ].join('\n'),
    ]);
    // The transport bureau's supervisor: their agency's steps, by workflow; in Chinese too.
    await world.store.users.setLocale('tom', 'zh-CN');
    const [tom] = await world.say('tom', '统计 2026-11');
    expect(tom!.split('\n').slice(0, 2)).toEqual([
      '2026-11-01 至 2026-11-30（Transport Bureau）统计，截至 2026-11-25：',
      '• W5 有条件开放数据申请：办结 4 件，按时 3 件（75%），当前超期 0 件，办理用时中位数 2 个工作日、90% 分位 10.4 个工作日，督办 2 次，件均退回 0 次',
    ]);
    expect(await world.say('carol', 'stats 2026-13')).toEqual(['"2026-13" is not a period: use 2026, 2026-11, 2026-W48 or 2026-11-01..2026-11-30.']);
    // A past month: nothing closed in it; what is overdue is today's.
    expect((await world.say('carol', 'stats 2026-10'))[0]!.split('\n').slice(0, 2)).toEqual([
      'Figures 2026-10-01 – 2026-10-31 (every agency), as of 2026-11-25:',
      '• Big Data Bureau: 0/0 closed on time (—), 1 overdue now, handling median — / P90 — working days, 0 escalation(s), — return(s) per case',
    ]);
    expect(await world.say('alice', 'stats')).toEqual(['Your role cannot do this.']);
    expect(await world.say('bob', 'stats')).toEqual(['Your role cannot do this.']);
  });

  it('a period counts what closed in it: nothing closed in the first week but escalations later', async () => {
    const firstWeek = await statistics.compute({ from: '2026-11-02', to: '2026-11-08', by: 'workflow', scope: null }, TODAY);
    expect(firstWeek.total).toEqual(figures({ closed: 1, onTime: 1, medianDays: 3, escalations: 0, returns: 0 }));
    const third = await statistics.compute({ from: '2026-11-16', to: '2026-11-22', by: 'workflow', scope: null }, TODAY);
    // C-0003 (18th) and C-0002 (20th) closed; C-0002's two escalations fell in that week.
    expect(third.total).toEqual(figures({ closed: 2, onTime: 1, escalations: 2, returns: 1 }));
  });
  it('keeps each case’s handling in a memo through the last entry, used only on its own basis and not ahead of the trail', async () => {
    const q = { ...NOVEMBER, by: 'agency' as const, scope: null };
    const fromTrail = await statistics.compute(q, TODAY);
    const memo = (await world.store.handlingMemo.get())!;
    expect(memo.throughSeq).toBe(await world.store.audit.headSeq());
    expect(memo.cases.map((c) => c.caseId)).toEqual(['C-0001', 'C-0002', 'C-0003', 'C-0004', 'C-0005']);
    // Handlings nobody had: a memo holding them is read as it is (the figures are the memo's, not the trail's)…
    const wrong = memo.cases.map((c) => ({ ...c, handling: { ...c.handling, closedOn: null, tasks: [] } }));
    await world.store.handlingMemo.put({ ...memo, cases: wrong });
    expect((await statistics.compute(q, TODAY)).total).toEqual(figures({ closed: 0 }));
    // …but not on another basis (another calendar, other rules), nor when it is ahead of the trail (a restored backup).
    for (const other of [{ basis: 'another' }, { throughSeq: memo.throughSeq + 1 }]) {
      await world.store.handlingMemo.put({ ...memo, ...other, cases: wrong });
      expect(await statistics.compute(q, TODAY)).toEqual(fromTrail);
      expect(await world.store.handlingMemo.get()).toEqual(memo);
    }
  });

  if (storeName === 'SQLite')
    it('reads a memo row changed in the file without the audit key as none', async () => {
      const q = { ...NOVEMBER, by: 'workflow' as const, scope: null };
      const fromTrail = await statistics.compute(q, TODAY);
      const memo = (await world.store.handlingMemo.get())!;
      const rowOf = () => tamper(world.url, (db) => db.prepare('SELECT "cases", "seal" FROM "EvaluationMemo"').get() as { cases: string; seal: string });
      // The cases of a memo of nothing closed, as someone able to write the file would copy them in, under the old seal.
      await world.store.handlingMemo.put({ ...memo, cases: memo.cases.map((c) => ({ ...c, handling: { ...c.handling, closedOn: null, tasks: [] } })) });
      const forged = rowOf().cases;
      await world.store.handlingMemo.put(memo);
      const sealed = rowOf();
      tamper(world.url, (db) => db.prepare('UPDATE "EvaluationMemo" SET "cases" = ?').run(forged));
      expect(await world.store.handlingMemo.get()).toBeNull();
      expect(await statistics.compute(q, TODAY)).toEqual(fromTrail);
      expect(rowOf()).toEqual(sealed);
    });

  it('reads again the trails of the cases with an entry since, and puts the memo back once they are many', async () => {
    const q = { ...NOVEMBER, by: 'agency' as const, scope: null };
    // Forty more cases (no step of anyone yet), each with a nudge: many changed cases, so the memo is put back.
    for (let i = 0; i < 40; i++) {
      const c = await world.store.cases.create({ workflow: 'W5', state: 'submitted', data: {}, applicantId: 'amy', datasetId: 'DS-0001', assignee: null, deadline: null }, new Date(at('25', '18:00')), 'amy');
      await world.store.audit.append({ at: new Date(at('25', '18:00')), actorId: 'amy', channel: 'cli', action: 'task.nudge', caseId: c.id, detail: {} });
    }
    const before = await statistics.compute(q, TODAY);
    const memo = (await world.store.handlingMemo.get())!;
    expect(memo.cases).toHaveLength(45);
    expect(memo.throughSeq).toBe(await world.store.audit.headSeq());
    // One case changes: the bureau decides C-0005, two days late. Read from its trail; the memo stays as it was.
    expect((await world.say('carol', 'approve C-0005'))[0]).toMatch(/^C-0005 done/);
    const after = await statistics.compute(q, '2026-11-26');
    expect(await world.store.handlingMemo.get()).toEqual(memo);
    expect(before.rows[0]!.figures.overdueNow).toBe(1);
    expect(after.rows[0]!.figures.overdueNow).toBe(0);
    // The same as every trail read again (the memo of another basis).
    await world.store.handlingMemo.put({ ...memo, basis: 'another' });
    expect(await statistics.compute(q, '2026-11-26')).toEqual(after);
    expect((await world.store.handlingMemo.get())!.throughSeq).toBe(await world.store.audit.headSeq());
  });
});

describe('npx kaifang stats', () => {
  let world: World;
  let env: Record<string, string>;
  const NOV = ['--from', '2026-11-01', '--to', '2026-11-30'];

  beforeAll(async () => {
    world = await createWorld(at('02', '09:00'));
    await november(world);
    env = { DATABASE_URL: world.url, KAIFANG_LOCALE: 'en', KAIFANG_NOW: '2026-11-25T18:00:00+08:00' };
  }, 120_000);
  afterAll(() => world.close());

  it('prints a table per agency, with the total and what the columns mean', async () => {
    const run = await runInProcess(['stats', ...NOV], env);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n').slice(0, 5)).toEqual([
      'Figures 2026-11-01 – 2026-11-30, as of 2026-11-25 18:00 (Asia/Shanghai):',
      'Agency            Id         Closed  On time  On-time rate  Overdue now  Median days  P90 days  Escalations  Returns  Returns per case',
      'Big Data Bureau   bdb             4        4          100%            1          0.5       2.4            1        1              0.25',
      'Transport Bureau  transport       4        3           75%            0            2      10.4            2        0                 0',
      'In all                            4        3           75%            1          3.5        11            3        1              0.25',
    ]);
  });

  it('--json and --csv by workflow, for scripts', async () => {
    const json = JSON.parse((await runInProcess(['stats', ...NOV, '--by', 'workflow', '--json'], env)).stdout);
    expect(json).toMatchObject({ from: '2026-11-01', to: '2026-11-30', asOf: '2026-11-25', by: 'workflow', total: { closed: 4, onTime: 3, escalations: 3 } });
    expect(json.rows).toEqual([expect.objectContaining({ key: 'W5', name: 'W5 Conditional data application', closed: 4, onTimeRate: 0.75, medianDays: 3.5 })]);
    const csv = (await runInProcess(['stats', ...NOV, '--csv'], env)).stdout.trim().split('\r\n');
    expect(csv).toEqual([
      'Agency,Id,Closed,On time,On-time rate,Overdue now,Median days,P90 days,Escalations,Returns,Returns per case',
      'Big Data Bureau,bdb,4,4,1,1,0.5,2.4,1,1,0.25',
      'Transport Bureau,transport,4,3,0.75,0,2,10.4,2,0,0',
      'In all,,4,3,0.75,1,3.5,11,3,1,0.25',
    ]);
  });

  it('--xlsx writes a workbook: a sheet per grouping with a header row and number formats, and one explaining it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kaifang-stats-')), 'evaluation.xlsx');
    const run = await runInProcess(['stats', ...NOV, '--xlsx', file], { ...env, KAIFANG_LOCALE: 'zh-CN' });
    expect(run.stdout).toBe(`已写入 ${file}（2 张统计表和一张说明）。\n`);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['按单位', '按流程', '说明']);
    const agencies = book.getWorksheet('按单位')!;
    expect(agencies.getRow(1).values).toEqual([undefined, '单位', '编号', '办结数', '按时办结数', '按时办结率', '当前超期', '用时中位数（工作日）', '用时90%分位（工作日）', '督办次数', '退回次数', '件均退回']);
    expect(agencies.getRow(1).font).toMatchObject({ bold: true });
    expect(agencies.getRow(3).values).toEqual([undefined, 'Transport Bureau', 'transport', 4, 3, 0.75, 0, 2, expect.closeTo(10.4, 9), 2, 0, 0]);
    expect(agencies.getCell('E3').numFmt).toBe('0.0%');
    expect(agencies.getCell('G3').numFmt).toBe('0.0');
    expect(agencies.getRow(4).getCell(1).value).toBe('合计');
    expect(agencies.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(book.getWorksheet('按流程')!.getRow(2).getCell(2).value).toBe('W5');
    expect(book.getWorksheet('说明')!.getRow(1).values).toEqual([undefined, '统计期间', '2026-11-01 – 2026-11-30']);
  });

  it('report --out renders the weekly report for an operator; --dry-run says who gets it', async () => {
    const monday = { ...env, KAIFANG_NOW: '2026-11-30T10:00:00+08:00' };
    const file = join(mkdtempSync(join(tmpdir(), 'kaifang-report-')), 'week.png');
    const run = await runInProcess(['report', '--out', file], monday);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').slice(0, 3)).toEqual([
      'Weekly figures 2026-W48 (2026-11-23 – 2026-11-29, every agency): on time — of 0 case(s) closed (nothing to compare with the week before); 1 task(s) overdue now.',
      'Longest overdue:',
      '• C-0005 Conditional data application: Big Data Bureau, due 2026-11-23, 5 working day(s) overdue',
    ]);
    expect(run.stdout).toMatch(new RegExp(`Wrote ${file} \\(\\d+ bytes\\)\\.`));
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    const w47 = await runInProcess(['report', '--week', '2026-W47', '--agency', 'transport', '--out', file], monday);
    expect(w47.stdout.split('\n')[0]).toBe('Weekly figures 2026-W47 (2026-11-16 – 2026-11-22, Transport Bureau): on time 50% of 2 case(s) closed (down 50 points on the week before); 0 task(s) overdue now.');

    const dry = await runInProcess(['report', '--dry-run'], monday);
    expect(dry.stdout).toBe(
      [
        'The report on 2026-W48 (not sent: KAIFANG_WEEKLY_REPORT is off): 3 recipient(s):',
        '  carol (Carol): every agency',
        '  dave (Dave): every agency',
        '  tom (Tom): Transport Bureau',
        '',
      ].join('\n'),
    );
    expect(await runInProcess(['report', '--week', '2026-W60', '--out', file], monday)).toMatchObject({ status: 2, stderr: '"2026-W60" is not an ISO week: use YYYY-Www, e.g. 2026-W48.\n' });
    expect(await runInProcess(['report', '--agency', 'nowhere', '--out', file], monday)).toMatchObject({ status: 2 });
    expect((await runInProcess(['report'], monday)).status).toBe(64);
  });

  it('in the console: the report’s text, and the path of the PNG it wrote (KAIFANG_WEEKLY_REPORT=on)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaifang-console-report-'));
    const monday = { ...env, KAIFANG_NOW: '2026-11-30T09:35:00+08:00', KAIFANG_WEEKLY_REPORT: 'on', KAIFANG_REPORT_DIR: dir };
    const run = await runInProcess(['console', '--as', 'dave'], monday, 'overdue\n');
    const file = join(dir, 'dave-kaifang-2026-W48.png');
    expect(run.stdout).toContain('Weekly figures 2026-W48 (2026-11-23 – 2026-11-29, every agency)');
    expect(run.stdout).toContain(`The picture: ${file}`);
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    // Once per person and week: a second run that Monday sends nothing again.
    const again = await runInProcess(['console', '--as', 'dave'], monday, 'overdue\n');
    expect(again.stdout).not.toContain('Weekly figures');
  });

  it('refuses what it cannot read, with the usage', async () => {
    expect(await runInProcess(['stats', '--by', 'month'], env)).toMatchObject({ status: 2, stderr: '"month" is no grouping: use --by agency or --by workflow.\n' });
    expect(await runInProcess(['stats', '--from', '2026-13-01'], env)).toMatchObject({ status: 2, stderr: '--from "2026-13-01" is not a date: use YYYY-MM-DD.\n' });
    expect(await runInProcess(['stats', '--from', '2026-12-01', '--to', '2026-11-01'], env)).toMatchObject({ status: 2, stderr: 'The period ends (2026-11-01) before it starts (2026-12-01).\n' });
    expect(await runInProcess(['stats', '--json', '--csv'], env)).toMatchObject({ status: 64, stderr: 'Choose one output: --json, --csv or --xlsx <file>.\n' });
    const run = await runInProcess(['stats', 'november'], env);
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/^.*november[\s\S]*Usage: kaifang stats/);
  });
});

describe('the weekly report', () => {
  let world: World;

  beforeAll(async () => {
    world = await createWorld(at('02', '09:00'));
    await november(world);
  }, 120_000);
  afterAll(() => world.close());

  it('is due on the week’s first working day from the profile’s hour, about the week before, once per person', async () => {
    const sender = world.app.weeklyReport;
    expect(sender.dueWeek(new Date('2026-11-30T09:29:00+08:00'))).toBeNull();
    expect(sender.dueWeek(new Date('2026-12-01T09:30:00+08:00'))).toBeNull();
    expect(sender.dueWeek(new Date('2026-11-30T09:30:00+08:00'))).toBe('2026-W48');
    const now = new Date('2026-11-30T09:30:00+08:00');
    const sent = await sender.send(now);
    // Every supervisor and the authority's staff: dave and carol (every agency), tom (the transport bureau).
    expect(sent.sort()).toEqual(['carol', 'dave', 'tom']);
    expect(await sender.send(now)).toEqual([]);
    expect(await sender.send(new Date('2026-11-30T15:00:00+08:00'))).toEqual([]);
    const queued = (await world.store.outbox.list()).filter((m) => m.message === 'notify.weeklyReport');
    expect(queued.map((m) => m.userId).sort()).toEqual(['carol', 'dave', 'tom']);
    const dave = queued.find((m) => m.userId === 'dave')!;
    expect(dave.params).toMatchObject({ week: '2026-W48', from: '2026-11-23', to: '2026-11-29', scope: 'every agency', closed: 0, overdue: 1 });
    expect(String(dave.params.longest)).toBe('Longest overdue:\n• C-0005 Conditional data application: Big Data Bureau, due 2026-11-23, 5 working day(s) overdue');
    const chart = JSON.parse(String(dave.params.chart));
    expect(chart.bars.map((b: { key: string; rate: number }) => [b.key, b.rate])).toEqual([['bdb', 1], ['transport', 0.75]]);
    expect(chart.line.at(-1)).toEqual({ label: 'W48', overdue: 1 });
    const tom = queued.find((m) => m.userId === 'tom')!;
    expect(tom.params).toMatchObject({ scope: 'Transport Bureau', overdue: 0, longest: 'Nothing overdue.' });
  });

  it('carries its picture, drawn when sent in the reader’s language', async () => {
    const m = (await world.store.outbox.list()).find((x) => x.message === 'notify.weeklyReport' && x.userId === 'dave')!;
    const picture = await world.app.pictures.of(m, 'zh-CN');
    expect(picture!.filename).toBe('kaifang-2026-W48.png');
    expect(Buffer.from(picture!.png).subarray(1, 4).toString()).toBe('PNG');
    expect(await world.app.pictures.of({ message: 'notify.w5.submitted', params: {} }, 'en')).toBeNull();
  });
});

describe('the weekly report across two scheduler processes, through the real Slack and Telegram clients', () => {
  it('reaches each person once: Slack through the file upload flow, Telegram with sendPhoto', async () => {
    const world = await createWorld(at('02', '09:00'));
    await november(world);
    const linkedAt = new Date(at('25', '18:00'));
    await world.store.identities.link({ platform: 'slack', externalId: 'U0CAROL', userId: 'carol', linkedAt });
    await world.store.identities.link({ platform: 'slack', externalId: 'U0TOM', userId: 'tom', linkedAt });
    await world.store.identities.link({ platform: 'telegram', externalId: '1001', userId: 'dave', linkedAt });
    // What the November run queued is out already: only the report is left to send.
    for (const m of await world.store.outbox.listPending()) await world.store.outbox.markSent(m.id, linkedAt);
    await world.close();

    const slack = await startFakeSlackApi();
    const telegram = await createFakeTelegramApi({ token: '123:report-test' });
    const startFile = join(mkdtempSync(join(tmpdir(), 'kaifang-report-start-')), 'start');
    const worker = resolve(import.meta.dirname, 'support', 'report-worker.ts');
    // Monday 30 November, 09:20 to 11:00: the report falls due at 09:30; both processes run the chore and the outbox.
    const args = [world.url, at('30', '09:20'), at('30', '11:00'), slack.url, telegram.apiRoot, startFile];
    const exits = await runTogether([startWorker(['--import', 'tsx', worker, ...args]), startWorker(['--import', 'tsx', worker, ...args])], startFile);
    expect(exits.map((e) => [e.code, e.stderr])).toEqual([[0, ''], [0, '']]);
    try {
      const urls = slack.callsTo('files.getUploadURLExternal');
      expect(urls.map((c) => c.args.filename)).toEqual(['kaifang-2026-W48.png', 'kaifang-2026-W48.png']);
      const uploads = slack.calls.filter((c) => c.method.startsWith('upload:'));
      expect(uploads.map((c) => [c.status, c.args.png])).toEqual([[200, true], [200, true]]);
      const completed = slack.callsTo('files.completeUploadExternal');
      expect(completed).toHaveLength(2);
      expect(completed.every((c) => c.response.ok === true)).toBe(true);
      expect(completed.map((c) => String(c.args.initial_comment).split(' (')[0]).sort()).toEqual(['Weekly figures 2026-W48', 'Weekly figures 2026-W48']);
      // Each person once, in their own DM, with their own scope.
      const byChannel = Object.fromEntries(completed.map((c) => [c.args.channel_id, String(c.args.initial_comment)]));
      expect(Object.keys(byChannel).sort()).toEqual(['DU0CAROL', 'DU0TOM']);
      expect(byChannel.DU0TOM).toMatch(/^Weekly figures 2026-W48 \(2026-11-23 – 2026-11-29, Transport Bureau\)/);
      expect(byChannel.DU0CAROL).toMatch(/every agency/);
      expect(slack.callsTo('files.upload')).toEqual([]);
      const photos = telegram.callsTo('sendPhoto');
      expect(photos).toHaveLength(1);
      expect(photos[0]!.params).toMatchObject({ chat_id: '1001', photo: { filename: 'kaifang-2026-W48.png' } });
      expect((photos[0]!.params.photo as { bytes: Buffer }).bytes.subarray(1, 4).toString()).toBe('PNG');
      expect(String(photos[0]!.params.caption)).toMatch(/^Weekly figures 2026-W48 \(2026-11-23 – 2026-11-29, every agency\)/);
      // The report only as the photo (the morning's escalation of C-0005 goes as a message of its own).
      expect(telegram.callsTo('sendMessage').filter((c) => /Weekly figures/.test(String(c.params.text)))).toEqual([]);
    } finally {
      await slack.close();
      await telegram.close();
    }
  }, 120_000);
});
