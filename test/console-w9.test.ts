// W9 quality rectification end to end in the console (S16, T10, T12, B45), as a script drives it: the authority opens a
// task with every problem at once and takes the data off the catalog meanwhile, the provider reports, the authority
// closes it and the data is published again, with everyone who holds or asked for it told both times; returned, it
// goes back to the provider on a new clock; and a rectification left overdue is reported to the authority's supervisor.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { demoCity, replyTo, stored } from './support/console-city.ts';

describe('W9 quality rectification in the console', () => {
  it('a rectification with delist=yes removes and restores the dataset', async () => {
    const { env, run } = await demoCity();
    const script = await run([
      // Alice has an objection to DS-0001 still open: she is one of the people who asked for the data (T10 同步通知).
      'as alice',
      'object DS-0001 12路站点位置有误',
      'rectify DS-0001 problems="x"',
      'as bob',
      'rectify DS-0001 problems="x"',
      'as carol',
      'rectify DS-0001 problems="坐标有误；缺少更新时间" delist=yes',
      'datasets',
      'as bob',
      'queue',
      'approve C-0002',
      'report C-0002 已更正站点坐标，补充更新时间字段',
      'as carol',
      'status C-0002',
      'approve C-0002',
      'datasets',
    ]);
    expect(script.status, script.stderr).toBe(0);
    const out = script.stdout;
    // Only the authority's staff open a rectification task.
    expect(replyTo(out, 'alice> rectify DS-0001 problems="x"')).toMatch(/角色不能办理/);
    expect(replyTo(out, 'bob> rectify DS-0001 problems="x"')).toMatch(/角色不能办理/);
    // S16: the provider has 10 working days from Monday 23 November: due Monday 7 December.
    expect(replyTo(out, 'carol> rectify DS-0001 problems="坐标有误；缺少更新时间" delist=yes')).toMatch(
      /^已提交 C-0002（质量整改）。当前环节：整改中，应于 2026-12-07（含当日）前办结。/,
    );
    const catalogDuring = replyTo(out, 'carol> datasets');
    expect(catalogDuring).toMatch(/^已开放数据集（5）/);
    expect(catalogDuring).not.toMatch(/DS-0001/);
    expect(replyTo(out, 'bob> queue')).toMatch(/C-0002 · 质量整改 · 整改中/);
    // The provider reports; approving is the authority's, not the provider's.
    expect(replyTo(out, 'bob> approve C-0002')).not.toMatch(/C-0002 已办理/);
    expect(replyTo(out, 'bob> report C-0002 已更正站点坐标，补充更新时间字段')).toMatch(/C-0002.*整改情况待主管部门审核/);
    const status = replyTo(out, 'carol> status C-0002');
    expect(status).toMatch(/坐标有误/);
    expect(status).toMatch(/已先行下架/);
    expect(status).toMatch(/整改情况：已更正站点坐标/);
    expect(replyTo(out, 'carol> approve C-0002')).toMatch(/C-0002.*已整改完成/);
    // T10 整改完成后重新发布: back on the catalog.
    const catalogAfter = out.slice(out.lastIndexOf('carol> datasets'));
    expect(catalogAfter).toMatch(/已开放数据集（6）/);
    expect(catalogAfter).toMatch(/DS-0001 · 公交线路与站点/);

    const s = await stored(env.DATABASE_URL);
    expect(s.status('DS-0001')).toBe('published');
    expect(s.caseOf('C-0002')).toMatchObject({ workflow: 'W9', state: 'rectified', assignee: null, deadline: null });
    expect(s.audit('C-0002')).toEqual(['W9.open', 'W9.report', 'W9.close']);
    // The provider's data officers (bob and grace) got the task, and the close; the authority's reviewer the report.
    expect(s.told('C-0002', 'notify.w9.assigned_delisted')).toEqual(['bob', 'grace']);
    expect(s.told('C-0002', 'notify.w9.reported')).toEqual(['carol']);
    expect(s.told('C-0002', 'notify.w9.closed_republished')).toEqual(['bob', 'grace']);
    // Whoever asked for the data was told it went down, and that it is back.
    expect(s.told('C-0002', 'notify.w9.audience_delisted')).toEqual(['alice']);
    expect(s.told('C-0002', 'notify.w9.audience_republished')).toEqual(['alice']);
    // Her objection is not an application: it stays open with the provider.
    expect((s.caseOf('C-0001'))?.state).toBe('handling');
  });

  it('without delist the data stays open; a return sends it back to the provider on a new clock', async () => {
    const { env, run } = await demoCity();
    const script = await run([
      'as carol',
      '整改 DS-0002 数据项缺少说明；更新不及时',
      'datasets',
      'as bob',
      '整改完成 C-0001 已补充数据项说明',
      'as carol',
      'return C-0001 reasons="更新频率仍与实际不符"',
      'as bob',
      'status C-0001',
      'report C-0001 已按日更新',
      'as carol',
      'approve C-0001',
    ]);
    expect(script.status, script.stderr).toBe(0);
    const out = script.stdout;
    expect(replyTo(out, 'carol> 整改 DS-0002 数据项缺少说明；更新不及时')).toMatch(/^已提交 C-0001（质量整改）/);
    expect(replyTo(out, 'carol> datasets')).toMatch(/DS-0002/);
    // Returned: the provider again, 10 working days from today.
    expect(replyTo(out, 'bob> status C-0001')).toMatch(/整改中[\s\S]*2026-12-07（含当日）/);
    const s = await stored(env.DATABASE_URL);
    expect(s.audit('C-0001')).toEqual(['W9.open', 'W9.report', 'W9.return', 'W9.report', 'W9.close']);
    expect(s.told('C-0001', 'notify.w9.returned')).toEqual(['bob', 'grace']);
    expect(s.told('C-0001', 'notify.w9.closed')).toEqual(['bob', 'grace']);
    expect(s.told('C-0001', 'notify.w9.audience_republished')).toEqual([]);
    expect(s.status('DS-0002')).toBe('published');
    expect((s.caseOf('C-0001'))?.data).toMatchObject({ reports: ['已补充数据项说明', '已按日更新'], delisted: false });
  });

  it('an overdue rectification escalates to the authority’s supervisor (B45 报告本级人民政府)', async () => {
    const { env, run } = await demoCity();
    expect((await run(['as carol', 'rectify DS-0001 problems="坐标有误"'])).status).toBe(0);
    // Due Monday 7 December; on Tuesday the first rung goes to dave, the authority's supervisor, not the provider's.
    const dry = await runInProcess(['reminders', '--dry-run', '--json', '--at', '2026-12-08 09:30'], env);
    expect(dry.status, dry.stderr).toBe(0);
    const messages = JSON.parse(dry.stdout).messages as { userId: string; rule: string; level: number; caseId: string; params?: Record<string, unknown> }[];
    const escalations = messages.filter((m) => m.rule === 'escalation');
    expect(escalations.map((m) => [m.userId, m.level, m.caseId])).toEqual([['dave', 1, 'C-0001']]);
    const text = await runInProcess(['reminders', '--dry-run', '--at', '2026-12-08 09:30'], env);
    expect(text.stdout).toContain(
      '[3] 第 1 级督办 · 事项 C-0001 · 2026-12-08 09:00 起到期 → Dave 赵达（dave）\n' +
        '    督办（第 1 级）：市交通运输局 承办的事项 C-0001（整改中）已于 2026-12-07 到期，现已超期 1 个工作日，请督促办理。\n' +
        '    您收到此消息，是因为您是主管部门（市大数据局）的督办人。',
    );
    // The day before it falls due nobody is escalated.
    const early = await runInProcess(['reminders', '--dry-run', '--json', '--at', '2026-12-07 09:30'], env);
    expect((JSON.parse(early.stdout).messages as { rule: string }[]).some((m) => m.rule === 'escalation')).toBe(false);
  });
});
