// The demo's cases, as a newcomer meets them after `seed --demo`: a grant to renew whose usage report is due soon, an
// overdue task at an agency with two reviewers to delegate or reassign it to, a listed result and a public data demand,
// a genuine history and audit chain, and one escalation at the first command rather than a backlog of stale reminders.
// Dated back from whatever day it is seeded.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const env = (now: string) => ({ DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: now });

describe('the demo cases', () => {
  it('are seeded once, through the workflows, with an intact audit chain', async () => {
    const e = env('2026-11-23T10:00:00+08:00');
    expect((await runInProcess(['seed', '--demo'], e)).stdout.trim()).toBe('演示数据已就绪：4 个单位，7 名用户，新建 6 个数据集、5 个事项。');
    expect((await runInProcess(['seed', '--demo'], e)).stdout.trim()).toBe('演示数据已就绪：4 个单位，7 名用户，新建 0 个数据集、0 个事项。');
    const cases = await runInProcess(['cases'], e);
    expect(cases.stdout.trim().split('\n')).toEqual([
      'C-0001\tW5\tapproved\talice\tDS-0004\t-\t-',
      'C-0002\tW7\thandling\terin\tDS-0001\t市交通运输局\t2026-11-18',
      'C-0003\tW10\treport_due\talice\tDS-0004\t市生态环境局\t2026-11-27',
      'C-0004\tW14\tlisted\talice\t-\t-\t-',
      'C-0005\tW6\tformal_review\talice\t-\t市大数据局\t2026-11-27',
    ]);
    const audit = await runInProcess(['audit', '--verify'], e);
    expect(audit.status, audit.stderr).toBe(0);
    const actions = (JSON.parse((await runInProcess(['audit', '--json'], e)).stdout) as { action: string; actorId: string; at: string }[]).map(
      (a) => [a.action, a.actorId],
    );
    expect(actions).toEqual([
      ['W5.submit', 'alice'],
      ['W5.approve_formal', 'carol'],
      ['W5.approve_provider', 'frank'],
      ['W5.accept', 'alice'],
      ['W7.submit', 'erin'],
      // The grant's first usage report, three months on (a Saturday: it opens at the day's start, due in 10 working days).
      ['W10.open', 'platform'],
      ['reminder.before_due', 'system'],
      ['reminder.due_day', 'system'],
      ['W14.submit', 'alice'],
      ['reminder.escalation', 'system'],
      ['reminder.before_due', 'system'],
      ['W14.list', 'carol'],
      ['W6.submit', 'alice'],
    ]);
    // What those past days sent was delivered on them; nothing stale waits in the outbox.
    expect((await runInProcess(['outbox'], e)).stdout).toMatch(/待发 0 · 发送中 0 · 已发送 \d+ · 已搁置 0/);
  });

  it('lets a newcomer try overdue, renewal, delegation and reassignment, with one escalation before the first prompt', async () => {
    const e = env('2026-11-23T10:00:00+08:00');
    expect((await runInProcess(['seed', '--demo'], e)).status).toBe(0);
    const script = [
      'as dave',
      'overdue',
      'as alice',
      'status C-0001',
      'apply DS-0004 title=续期 reason=继续研究 type=api period=2027-06-30 result=报告 scenario=环境研究 commit=是 meets=是',
      'as bob',
      'queue',
      'delegate grace 2026-11-27',
      'as dave',
      'reassign C-0002 grace',
      'as grace',
      'queue',
    ].join('\n');
    const run = await runInProcess(['console'], e, `${script}\n`);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).toContain('C-0002 · 数据异议 · 处理中 · DS-0001 公交线路与站点 · 已超期 3 个工作日：应于 2026-11-18（含当日）前办结 · 市交通运输局');
    // The last rung of the ladder falls today: the one message the round at the start of the run sends, before
    // anyone types.
    expect(out.match(/督办（第 \d 级）/g)).toEqual(['督办（第 2 级）']);
    expect(out.split('?> as dave')[0]).toMatch(/^ {2}✉ 致 Dave 赵达（dave）：督办（第 2 级）：市交通运输局 承办的事项 C-0002/);
    expect(out).toContain('已授权：DS-0004 使用至 2026-12-07（《公共数据开放利用协议》AG-C-0001）');
    expect(out).toContain('  2026-08-06 10:00 Alice 王丽 提交申请');
    // 14 days before its end, a new application for the same data is a renewal, not refused.
    expect(out).toContain('已提交 C-0006（有条件开放数据申请）');
    expect(out).toContain('已委托 Grace 吴佳 在 2026-11-23 至 2026-11-27 期间代您办理');
    expect(out).toContain('已将 C-0002 转交市交通运输局的 Grace 吴佳 办理，仍应于 2026-11-18（含当日）前办结。');
    expect(out).toMatch(/grace> queue\n[^\n]*\nC-0002 · [^\n]*已超期 3 个工作日[^\n]* · 已转办给您/);
    expect(out).not.toMatch(/\b(notify|commands|forms|errors)\.[a-zA-Z]/);
  });

  it('lets a newcomer try what the public asks: the usage report due soon, the listed result, the public demand', async () => {
    const e = env('2026-11-23T10:00:00+08:00');
    expect((await runInProcess(['seed', '--demo'], e)).status).toBe(0);
    const report = 'report C-0003 scenarios="河道断面水质关联分析" calls=420 fields="排放口、监测值" algorithms="相关性分析" benefits="识别 2 处超标排放" security="内网存储，专人管理"';
    const script = ['as alice', 'status C-0003', report, 'results', 'as erin', 'requests', 'follow C-0005', 'as carol', 'queue', 'approve C-0005', 'as frank', 'status C-0003'];
    const run = await runInProcess(['console'], e, `${script.join('\n')}\n`);
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    // Opened by the platform on the day it fell due, three months after the grant, and owed by alice herself.
    expect(out).toContain('C-0003 · 利用情况反馈 · DS-0004 重点排污单位在线监测\n状态：待授权持有人反馈利用情况\n授权持有人：Alice 王丽\n当前办理人：Alice 王丽\n办理期限：2026-11-27（含当日）前');
    expect(out).toMatch(/C-0003 已办理，当前状态：[^\n]*已反馈/);
    expect(out).toMatch(/✉ 致 Frank 周凡（frank）：[^\n]*C-0003/);
    expect(out).toContain('• 公交站点步行可达性地图（C-0004）');
    expect(out).toContain('数据来源：DS-0001 公交线路与站点；获取日期 2026-11-08');
    expect(out).toContain('C-0005 · 数据需求 · 形式审核中 · 公交车辆实时位置');
    expect(out).toMatch(/erin> follow C-0005\n[^\n]*关注/);
    expect(out).toMatch(/carol> queue\n[^\n]*\nC-0005 · 数据需求/);
    expect(out).toMatch(/C-0005 已办理，当前状态：需求论证中/);
    expect(out).toMatch(/frank> status C-0003\n[^\n]*\n状态：[^\n]*已反馈/);
  });

  it('tells the same stories whatever day it is seeded: right after the National Day holidays', async () => {
    // Friday 9 October 2026: the working days counted back cross the 国庆节 holidays.
    const e = env('2026-10-09T10:00:00+08:00');
    expect((await runInProcess(['seed', '--demo'], e)).status).toBe(0);
    const run = await runInProcess(['console'], e, 'as dave\noverdue\nas alice\nstatus C-0001\n');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/C-0002 · 数据异议 · 处理中 · DS-0001 公交线路与站点 · 已超期 3 个工作日/);
    expect(run.stdout).toContain('已授权：DS-0004 使用至 2026-10-23');
    expect(run.stdout.match(/督办（第 2 级）/g)).toHaveLength(1);
  });

  it('are left out with --no-cases, and not added to a database that has cases of its own', async () => {
    const e = env('2026-11-23T10:00:00+08:00');
    expect((await runInProcess(['seed', '--demo', '--no-cases'], e)).stdout.trim()).toBe('演示数据已就绪：4 个单位，7 名用户，新建 6 个数据集、0 个事项。');
    expect((await runInProcess(['console'], e, 'as alice\nobject DS-0001 站点坐标有误\n')).stdout).toContain('已提交 C-0001（数据异议）');
    expect((await runInProcess(['seed', '--demo'], e)).stdout.trim()).toBe('演示数据已就绪：4 个单位，7 名用户，新建 0 个数据集、0 个事项。');
    expect((await runInProcess(['cases'], e)).stdout.trim().split('\n')).toHaveLength(1);
  });
});
