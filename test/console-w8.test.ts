// W8 rights complaint end to end in the console (S38 权益保护), as a script drives it: erin, who is not verified, says a
// dataset infringes her privacy; the provider verifies at once and withdraws it — off the catalog as a W4 delisting
// takes it, the grant holder told, the authority alerted to the remedy — and erin is told; treated, it is opened again.
// Nobody but erin, the provider's staff and the authority's staff sees the complaint. Not verified at once, it climbs
// fast: the provider's supervisors, then the authority's, a working day apart.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { demoCity, replyTo, stored } from './support/console-city.ts';

const W5 = 'title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';
const COMPLAINT = 'complain DS-0002 隐私 刷卡明细可识别到本人的通勤时间和站点';

describe('W8 rights complaint in the console', () => {
  it('an unverified person complains; the provider withdraws the data, its grant holder is told and the authority alerted', async () => {
    const { env, run } = await demoCity();
    // Alice holds a grant on DS-0002 (C-0001): applied, passed both reviews, agreement accepted.
    const grant = await run(['as alice', `apply DS-0002 ${W5}`, 'as carol', 'approve C-0001', 'as bob', 'approve C-0001', 'as alice', 'accept C-0001']);
    expect(grant.status, grant.stderr).toBe(0);
    const script = await run([
      'as erin',
      // Erin may not apply for conditional data (not verified), but she may complain (S38: anyone).
      `apply DS-0002 ${W5}`,
      COMPLAINT,
      'mine',
      'as alice',
      'status C-0002',
      'as frank',
      'status C-0002',
      'as bob',
      'queue',
      'status C-0002',
      'withdraw C-0002 reason="经核实含可识别个人的刷卡记录"',
      'datasets',
      'as carol',
      'status C-0002',
      'as erin',
      'status C-0002',
    ]);
    expect(script.status, script.stderr).toBe(0);
    const out = script.stdout;
    expect(replyTo(out, `erin> apply DS-0002 ${W5}`)).toMatch(/实名认证/);
    // S38 立即核实: received Monday 23 November, answered by the end of Tuesday.
    expect(replyTo(out, `erin> ${COMPLAINT}`)).toMatch(/^已提交 C-0002（权益投诉）。当前环节：待数据提供单位立即核实，应于 2026-11-24（含当日）前办结。/);
    expect(replyTo(out, 'erin> mine')).toMatch(/C-0002 · 权益投诉/);
    // Only the complainant, the provider's staff and the authority's staff see it.
    expect(replyTo(out, 'alice> status C-0002')).toBe('C-0002 不是您经手的事项，无权查看或操作。\n');
    expect(replyTo(out, 'frank> status C-0002')).toBe('C-0002 不是您经手的事项，无权查看或操作。\n');
    expect(replyTo(out, 'bob> queue')).toMatch(/C-0002 · 权益投诉 · 待数据提供单位立即核实/);
    const bobStatus = replyTo(out, 'bob> status C-0002');
    expect(bobStatus).toMatch(/个人隐私/);
    expect(bobStatus).toMatch(/刷卡明细可识别到本人的通勤时间和站点/);
    const withdrawn = replyTo(out, 'bob> withdraw C-0002 reason="经核实含可识别个人的刷卡记录"');
    expect(withdrawn).toMatch(/^C-0002 已办理，当前状态：已撤回数据。/);
    // The dataset is gone from the catalog.
    const catalog = replyTo(out, 'bob> datasets');
    expect(catalog).toMatch(/^已开放数据集（5）/);
    expect(catalog).not.toMatch(/DS-0002/);
    expect(replyTo(out, 'carol> status C-0002')).toMatch(/已撤回数据/);
    expect(replyTo(out, 'erin> status C-0002')).toMatch(/^状态：已撤回数据$[\s\S]*Bob 陈波 核实后撤回数据（说明：经核实含可识别个人的刷卡记录）/m);

    const s = await stored(env.DATABASE_URL);
    expect(s.status('DS-0002')).toBe('delisted');
    expect(s.caseOf('C-0002')).toMatchObject({ workflow: 'W8', state: 'withdrawn', assignee: null, deadline: null, applicantId: 'erin' });
    expect(s.audit('C-0002')).toEqual(['W8.submit', 'W8.withdraw']);
    // The complainant heard of it when filed and of the outcome; the provider's officers got the task.
    expect(s.told('C-0002', 'notify.w8.submitted')).toEqual(['erin']);
    expect(s.told('C-0002', 'notify.w8.assigned')).toEqual(['bob', 'grace']);
    expect(s.told('C-0002', 'notify.w8.withdrawn')).toEqual(['erin']);
    // T10 同步通知 as W4 delists: the grant holder; S38 立即补救: the authority's reviewers.
    expect(s.told('C-0002', 'notify.w8.audience_withdrawn')).toEqual(['alice']);
    expect(s.told('C-0002', 'notify.w8.remediate')).toEqual(['carol']);
  });

  it('treated, the withdrawn data is opened again; a complaint that does not hold keeps the data open', async () => {
    const { env, run } = await demoCity();
    const script = await run([
      'as erin',
      COMPLAINT,
      'complain DS-0001 kind=trade-secret text="线路数据含本公司未公开的运营信息"',
      'as bob',
      'withdraw C-0001 经核实含可识别个人的刷卡记录',
      '处理后开放 C-0001 处理情况="已按站点和时段聚合，删除卡号"',
      '继续开放 C-0002 核实意见="线路与站点为公开的公共服务信息"',
      'datasets',
    ]);
    expect(script.status, script.stderr).toBe(0);
    const out = script.stdout;
    expect(replyTo(out, 'bob> 处理后开放 C-0001 处理情况="已按站点和时段聚合，删除卡号"')).toMatch(/^C-0001 已办理，当前状态：已依法处理后开放。/);
    expect(replyTo(out, 'bob> 继续开放 C-0002 核实意见="线路与站点为公开的公共服务信息"')).toMatch(/^C-0002 已办理，当前状态：已核实，继续开放。/);
    expect(replyTo(out, 'bob> datasets')).toMatch(/^已开放数据集（6）/);
    const s = await stored(env.DATABASE_URL);
    expect(s.status('DS-0002')).toBe('published');
    expect(s.audit('C-0001')).toEqual(['W8.submit', 'W8.withdraw', 'W8.republish']);
    expect(s.audit('C-0002')).toEqual(['W8.submit', 'W8.keep']);
    expect(s.told('C-0001', 'notify.w8.republished')).toEqual(['erin']);
    expect(s.told('C-0002', 'notify.w8.kept')).toEqual(['erin']);
    expect(s.caseOf('C-0002')?.data).toMatchObject({ kind: 'trade-secret', reason: '线路与站点为公开的公共服务信息' });
  });

  it('a complaint not verified at once climbs fast: the provider’s supervisors, then the authority’s, a working day apart', async () => {
    const { env, run } = await demoCity();
    expect((await run(['as erin', COMPLAINT])).status).toBe(0);
    // Due Tuesday 24 November: reminded that morning; escalated Wednesday and Thursday.
    const dry = await runInProcess(['reminders', '--dry-run', '--json', '--at', '2026-11-27 09:30'], env);
    expect(dry.status, dry.stderr).toBe(0);
    const messages = JSON.parse(dry.stdout).messages as { userId: string; rule: string; level: number; caseId: string; dueAt: string }[];
    // No reminder before the due day (it arrived the day before); the due-day reminder Tuesday; level 1 on Wednesday
    // goes to the transport bureau's supervisors (the demo has none); level 2 on Thursday to dave at the authority —
    // the default ladder would wait until Friday.
    expect(messages.filter((m) => m.caseId === 'C-0001').map((m) => [m.rule, m.level, m.userId, m.dueAt.slice(0, 10)])).toEqual([
      ['due_day', 0, 'bob', '2026-11-24'],
      ['due_day', 0, 'grace', '2026-11-24'],
      ['escalation', 2, 'dave', '2026-11-26'],
    ]);
  });
});
