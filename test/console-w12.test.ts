// A W12 year through the CLI in this process (T7): on Monday 2 March 2026 the platform asks 市生态环境局 and
// 市交通运输局 for their 2026 open plans, due 30 April, and the authority for the city's, due 31 May (calendar dates
// from the profile). bob files at once and carol approves; frank misses 30 April, and after the May Day holiday his
// task climbs to dave. He files on 8 May; carol approves it and publishes the city's plan that day, before 31 May.
// bob has meanwhile published one of his planned datasets: the plan shows it done.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { replyTo } from './support/console-city.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const CALL = '2026-03-02T09:00:00+08:00';
const BOB_PLAN = 'plan items="公交站点候车时长；共享单车停放点位" scenarios="通勤出行、无障碍出行" measures="6月底前开放；按月更新；先行脱敏"';
const FRANK_PLAN = '开放计划 计划开放数据="空气质量预报" 重点场景="公众健康出行" 保障措施="每日更新，专人维护"';
const SUBMIT = 'submit 名称="公交站点候车时长" 摘要="各公交站点的平均候车时长" 数据项="站点编号、线路编号、平均候车分钟" 开放属性=无条件开放 数据格式=CSV 数据类型=数据集 更新频率=每月 安全审查=是';

describe('W12 annual open plan from the console', () => {
  it('asks every provider on its date, escalates a late filing, and publishes the city’s plan by 31 May', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input: string[] = []) => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now, KAIFANG_LOCALE: 'zh-CN' }, input.length ? `${input.join('\n')}\n` : '');
    expect((await run(['seed', '--demo', '--no-cases'], CALL)).status).toBe(0);

    // On its date the duty opens the plans: one per provider of the city (the province's body is not asked), then the city's.
    const opened = (await run(['duties', '--open'], '2026-03-02T10:00:00+08:00')).stdout.split('\n');
    expect(opened).toEqual(expect.arrayContaining(['  C-0001：W12:ecology:2026', '  C-0002：W12:transport:2026', '  C-0003：W12:bdb:2026']));
    expect(opened.join('\n')).not.toContain('province-market');

    const march = await run(['console'], '2026-03-02T10:00:00+08:00', ['as bob', 'status C-0002', BOB_PLAN, 'as carol', 'plans 2026', 'approve C-0002', 'why C-0001']);
    expect(march.status, march.stderr).toBe(0);
    expect(replyTo(march.stdout, 'bob> status C-0002')).toContain('办理期限：2026-04-30（含当日）前（规定日期，不按工作日计算）');
    expect(replyTo(march.stdout, 'carol> why C-0001')).toMatch(/^C-0001「待报送开放计划」：截止 2026-04-30 当日 24 时（Asia\/Shanghai），为规定日期（W12.filing_due：T7/);
    // No case id: bob files the plan his agency owes.
    expect(replyTo(march.stdout, `bob> ${BOB_PLAN}`)).toMatch(/^C-0002 已办理，当前状态：开放计划审核中，应于 2026-03-09（含当日）前办结。/);
    expect(replyTo(march.stdout, 'carol> plans 2026')).toMatch(/^全市2026年度开放计划尚未发布。/);
    expect(replyTo(march.stdout, 'carol> approve C-0002')).toMatch(/^C-0002 已办理，当前状态：开放计划已通过。/);

    // frank's plan was due Thursday 30 April; 1–5 May are a holiday: Wednesday 6 May is his first day late, his
    // agency's supervisors come first (it has none), Thursday 7 May the authority's supervisor.
    const late = (await run(['reminders', '--dry-run'], '2026-05-08T10:00:00+08:00')).stdout;
    expect(late).toMatch(/第 2 级督办 · 事项 C-0001 · [^\n]* → Dave 赵达（dave）/);
    expect(late).toContain('已于 2026-04-30 到期');

    const may = await run(['console'], '2026-05-08T10:00:00+08:00', ['as frank', FRANK_PLAN, 'as bob', SUBMIT]);
    expect(may.status, may.stderr).toBe(0);
    expect(replyTo(may.stdout, `frank> ${FRANK_PLAN}`)).toMatch(/^C-0001 已办理，当前状态：开放计划审核中/);
    const submitted = /已提交 (C-\d{4})（开放数据发布）/.exec(replyTo(may.stdout, `bob> ${SUBMIT}`));
    expect(submitted).not.toBeNull();
    const entry = submitted![1]!;

    const published = await run(['console'], '2026-05-08T11:00:00+08:00', ['as carol', 'approve C-0001', `approve ${entry}`, 'approve C-0003', 'as alice', '开放计划列表']);
    expect(published.status, published.stderr).toBe(0);
    expect(replyTo(published.stdout, 'carol> approve C-0003')).toMatch(/^C-0003 已办理，当前状态：全市开放计划已发布。/);
    const plan = replyTo(published.stdout, 'alice> 开放计划列表');
    expect(plan).toMatch(/^全市2026年度开放计划（2026-05-08 发布）：/);
    expect(plan).toContain('市交通运输局（C-0002）：\n  ☑ 公交站点候车时长 — 已开放：DS-0007\n  ☐ 共享单车停放点位\n  重点场景：通勤出行、无障碍出行\n  保障措施：6月底前开放；按月更新；先行脱敏');
    expect(plan).toContain('市生态环境局（C-0001）：\n  ☐ 空气质量预报');
  });
});
