// W10 as a grant holder and a provider meet it, through the CLI in this process: alice's grant on DS-0002, made on
// Monday 3 August 2026, owes its first usage report three months on (the profile's W10.report_every_months). The
// platform opens it for her with 10 working days; she misses it, so it goes first to the provider's data officers,
// then to the authority's supervisor; then she files it, and the provider's officers receive it in full.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { replyTo } from './support/console-city.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const W5 = 'title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';
const GRANTED = '2026-08-03T10:00:00+08:00';
const DUE = '2026-11-03T10:00:00+08:00';
const REPORT = 'report C-0006 scenarios="公交客流分析，服务规划部门" calls=1200 fields="线路名称、刷卡时间" algorithms="客流预测模型" benefits="优化 3 条线路" security="脱敏存储，专人管理"';

describe('W10 usage reports from the console', () => {
  it('a report falls due three months after the grant, is missed and escalated, then filed and received', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input: string[] = []) => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now, KAIFANG_LOCALE: 'zh-CN' }, input.length ? `${input.join('\n')}\n` : '');
    expect((await run(['seed', '--demo', '--no-cases'], GRANTED)).status).toBe(0);
    const granted = await run(['console'], GRANTED, ['as alice', `apply DS-0002 ${W5}`, 'as carol', 'approve C-0001', 'as bob', 'approve C-0001', 'as alice', 'accept C-0001']);
    expect(granted.stdout).toContain('C-0001 已办理，当前状态：已同意开放并授权。');

    // A day before three months: no report; on the day: one, for the grant (the freshness duties come due too).
    expect((await run(['duties', '--dry-run', '--at', '2026-11-02 10:00'], GRANTED)).stdout).not.toContain('W10:');
    const ahead = (await run(['duties', '--dry-run', '--at', '2026-11-03 10:00'], GRANTED)).stdout.split('\n');
    expect(ahead).toContain('  W10:G-0001:2026-11-03：利用情况反馈 DS-0002 公交客流刷卡明细（市交通运输局），2026-11-03 到期');
    const opened = (await run(['duties', '--open'], DUE)).stdout.split('\n');
    expect(opened).toContain('  C-0006：W10:G-0001:2026-11-03');
    expect((await run(['duties', '--open'], DUE)).stdout).toBe('已发起 0 项：\n');

    // Ten working days, to Tuesday 17 November. The day after, the provider's officers hear of it; two more, the
    // authority's supervisor.
    const dayAfter = (await run(['reminders', '--dry-run'], '2026-11-18T10:00:00+08:00')).stdout;
    expect(dayAfter).toContain(
      '第 1 级督办 · 事项 C-0006 · 2026-11-18 09:00 起到期 → Bob 陈波（bob）\n    督办（第 1 级）：Alice 王丽 承办的事项 C-0006（待授权持有人反馈利用情况）已于 2026-11-17 到期，现已超期 1 个工作日，请督促办理。\n    您收到此消息，是因为您是市交通运输局的经办人员，该数据由贵单位提供。',
    );
    expect(dayAfter).toContain('第 1 级督办 · 事项 C-0006 · 2026-11-18 09:00 起到期 → Grace 吴佳（grace）');
    expect(dayAfter).not.toMatch(/第 2 级督办 · 事项 C-0006/);
    const later = (await run(['reminders', '--dry-run'], '2026-11-20T10:00:00+08:00')).stdout;
    expect(later).toContain('第 2 级督办 · 事项 C-0006 · 2026-11-20 09:00 起到期 → Dave 赵达（dave）');

    // The console's round sends what is owed; alice sees her report in `mine`, files it, and bob receives it.
    const chat = await run(['console'], '2026-11-20T10:00:00+08:00', ['as bob', REPORT, 'as alice', 'mine', REPORT, 'status C-0006']);
    expect(chat.status, chat.stderr).toBe(0);
    const out = chat.stdout;
    expect(out).toContain(
      '✉ 致 Alice 王丽（alice）：利用情况反馈 C-0006：您持有 DS-0002 公交客流刷卡明细 的授权 G-0001（有效期至 2027-06-30），按协议定期反馈，请反馈截至 2026-11-03 的数据利用情况（《泰安市公共数据开放实施细则（征求意见稿）》第十八条）：',
    );
    // Only the holder files her report.
    expect(replyTo(out, `bob> ${REPORT}`)).toMatch(/^C-0006 /);
    expect(replyTo(out, `bob> ${REPORT}`)).not.toContain('已办理');
    expect(replyTo(out, 'alice> mine')).toContain('C-0006 · 利用情况反馈 · 待授权持有人反馈利用情况 · DS-0002 公交客流刷卡明细 · 已超期 3 个工作日');
    const filed = replyTo(out, `alice> ${REPORT}`);
    expect(filed).toMatch(/^C-0006 已办理，当前状态：已反馈。/);
    expect(filed).toContain(
      '✉ 致 Bob 陈波（bob）：利用情况反馈 C-0006：DS-0002 公交客流刷卡明细 的授权 G-0001 持有人已反馈截至 2026-11-03 的利用情况。利用场景：公交客流分析，服务规划部门；调用次数：1200；主要字段：线路名称、刷卡时间；相关算法：客流预测模型；效益：优化 3 条线路；安全措施：脱敏存储，专人管理。',
    );
    expect(filed).toContain('✉ 致 Grace 吴佳（grace）：利用情况反馈 C-0006');
    expect(replyTo(out, 'alice> status C-0006')).toContain('（调用次数：1200）');
    // Nothing more is owed on it; the next report falls due three months on.
    expect((await run(['reminders', '--dry-run'], '2026-11-23T10:00:00+08:00')).stdout).not.toContain('事项 C-0006');
    expect((await run(['duties', '--dry-run', '--at', '2027-02-03 10:00'], DUE)).stdout).toContain('  W10:G-0001:2027-02-03：');
    const verified = await run(['audit', '--verify'], '2026-11-23T10:00:00+08:00');
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });

  it('the provider spot-checks a grant (T18 抽查) and, on a breach, the authority ends it (S34); the holder is told each time', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input: string[] = []) => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now, KAIFANG_LOCALE: 'zh-CN' }, input.length ? `${input.join('\n')}\n` : '');
    expect((await run(['seed', '--demo', '--no-cases'], GRANTED)).status).toBe(0);
    const check = 'spotcheck G-0001 ask="近三个月调用记录及使用场景佐证"';
    const end = 'suspend C-0002 basis="《公共数据开放利用协议》第五条" reason="将数据转提供给第三方"';
    const out = (
      await run(['console'], GRANTED, [
        'as alice', `apply DS-0002 ${W5}`, 'as carol', 'approve C-0001', 'as bob', 'approve C-0001', 'as alice', 'accept C-0001',
        // Someone with no say over the grant may not; the provider may.
        check, 'as frank', check, 'as bob', check,
        'as alice', 'status C-0002', end, 'as carol', end, 'as alice', 'status C-0001', REPORT.replace('C-0006', 'C-0002'),
      ])
    ).stdout;
    expect(replyTo(out, `alice> ${check}`)).toBe('您的角色不能办理此事项。\n');
    expect(replyTo(out, `frank> ${check}`)).toBe('您的角色不能办理此事项。\n');
    const checked = replyTo(out, `bob> ${check}`);
    expect(checked).toMatch(/^已提交 C-0002（利用情况反馈）。当前环节：抽查：待授权持有人说明利用情况，应于 2026-08-17（含当日）前办结。/);
    expect(checked).toContain('✉ 致 Alice 王丽（alice）：利用情况抽查 C-0002：对您持有的 DS-0002 公交客流刷卡明细 授权 G-0001（有效期至 2027-06-30）进行抽查');
    expect(checked).toContain('抽查内容：近三个月调用记录及使用场景佐证。');
    // The holder sees the case she owes, though she did not open it; she may not end her own grant.
    expect(replyTo(out, 'alice> status C-0002')).toContain('状态：抽查：待授权持有人说明利用情况');
    expect(replyTo(out, `alice> ${end}`)).not.toContain('已办理');
    const ended = replyTo(out, `carol> ${end}`);
    expect(ended).toMatch(/^C-0002 已办理，当前状态：授权已终止。/);
    expect(ended).toContain(
      '✉ 致 Alice 王丽（alice）：您持有的 DS-0002 公交客流刷卡明细 授权 G-0001 因违约即日终止（参照《苏州市公共数据开放实施细则》第三十四条）。依据：《公共数据开放利用协议》第五条；违约事实：将数据转提供给第三方。',
    );
    // In force until yesterday; nothing more to report on the spot check.
    expect(replyTo(out, 'alice> status C-0001')).toContain('已授权：DS-0002 使用至 2026-08-02');
    expect(replyTo(out, `alice> ${REPORT.replace('C-0006', 'C-0002')}`)).not.toContain('已办理');
    const verified = await run(['audit', '--verify'], GRANTED);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });
});
