// W3 end to end in the console (Z10, B12): the authority records that a change of rules calls for a change of a
// transport dataset's catalog entry; the transport bureau's officer files it — late, more than 15 working days after
// the change, which the reviewer is told — and the authority's approval changes the entry. A removal filed at once by
// the officer takes the dataset off the catalog when the authority consents (B12: 涉及删减、修改目录的…同意).
import { describe, expect, it } from 'vitest';
import { demoCity, replyTo } from './support/console-city.ts';


describe('W3 catalog change in the console', () => {
  it('carol records a trigger for the transport bureau, bob files a new data item late, carol approves: the entry shows it', async () => {
    const run = (await demoCity()).say;
    const trigger = '目录变更通知 DS-0001 变更事由="《公交运营管理条例》修订，须公布运营企业" 变更日期=2026-10-19';
    const file = 'file C-0001 数据项="线路名称、起点站、终点站、运营企业"';
    const out = await run(['as carol', trigger, 'as bob', 'queue', file, 'as carol', 'queue', 'approve C-0001', 'dataset DS-0001', 'status C-0001']);
    // 2026-10-19 + 15 working days: due 2026-11-09, already past when bob files.
    expect(replyTo(out, trigger)).toMatch(/^已提交 C-0001（目录变更）。当前环节：待提供单位提交变更申请，应于 2026-11-09（含当日）前办结。/);
    expect(replyTo(out, trigger)).toContain('✉ 致 Bob 陈波（bob）：目录变更 C-0001：主管部门告知，因《公交运营管理条例》修订，须公布运营企业（2026-10-19），DS-0001 公交线路与站点 的目录需要变更。');
    expect(replyTo(out, trigger)).toContain('✉ 致 Grace 吴佳（grace）：目录变更 C-0001');
    expect(replyTo(out, 'queue')).toContain('C-0001 · 目录变更 · 待提供单位提交变更申请 · DS-0001 公交线路与站点');
    // Filed after the 15 days: taken, and the reviewer told it is late.
    expect(replyTo(out, file)).toMatch(/^C-0001 已办理，当前状态：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(replyTo(out, file)).toContain('✉ 致 Carol 李卡（carol）：目录变更 C-0001：DS-0001 公交线路与站点，修改目录。事由：《公交运营管理条例》修订，须公布运营企业（2026-10-19），应于 2026-11-09 前提出，已逾期提交；变更内容：fields=线路名称, 起点站, 终点站, 运营企业。');
    expect(replyTo(out, 'approve C-0001')).toContain('C-0001 已办理，当前状态：目录已变更。');
    expect(replyTo(out, 'approve C-0001')).toContain('✉ 致 Bob 陈波（bob）：目录变更 C-0001 审核通过：DS-0001 公交线路与站点 的目录已更新（fields=线路名称, 起点站, 终点站, 运营企业）。');
    expect(replyTo(out, 'dataset DS-0001')).toContain('数据项：线路名称、起点站、终点站、运营企业\n');
    expect(replyTo(out, 'dataset DS-0001')).toContain('状态：已开放');
    expect(replyTo(out, 'status C-0001')).toContain('（逾期提交，期限 2026-11-09）');
  });

  it('bob removes DS-0001 at once with delete=yes; with carol’s consent it leaves the catalog', async () => {
    const run = (await demoCity()).say;
    const amend = 'amend DS-0001 reason="职能调整，该数据改由其他部门提供" on=2026-11-20 delete=yes';
    const out = await run(['as bob', 'datasets', amend, 'as carol', 'approve C-0001', 'datasets', 'dataset DS-0001']);
    expect(replyTo(out, 'datasets')).toContain('DS-0001 · 公交线路与站点');
    expect(replyTo(out, amend)).toMatch(/^已提交 C-0001（目录变更）。当前环节：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(replyTo(out, amend)).toContain('删减目录。事由：职能调整，该数据改由其他部门提供（2026-11-20），应于 2026-12-11 前提出，按期提交；');
    expect(replyTo(out, 'approve C-0001')).toContain('C-0001 已办理，当前状态：已从目录删减。');
    expect(replyTo(out, 'approve C-0001')).toContain('✉ 致 Bob 陈波（bob）：目录变更 C-0001 审核通过：DS-0001 公交线路与站点 已从开放目录删减并下架。');
    const after = out.slice(out.indexOf('> approve C-0001\n'));
    expect(replyTo(after, 'datasets')).not.toContain('DS-0001');
    expect(replyTo(after, 'dataset DS-0001')).toContain('状态：已下架');
  });

  it('refuses a change dated in the future and the authority writing the change itself', async () => {
    const run = (await demoCity()).say;
    const future = 'amend DS-0002 reason="规章修订" on=2026-12-01 summary="新摘要"';
    const byCarol = 'trigger DS-0001 reason="规章修订" on=2026-11-16 summary="新摘要"';
    const out = await run(['as bob', future, 'as carol', byCarol]);
    expect(replyTo(out, future)).toBe('变更日期 2026-12-01 晚于今日（2026-11-23）：请写法律、法规或职能职责已经发生变化的日期。未提交。\n');
    expect(replyTo(out, byCarol)).toMatch(/^目录变更申请由数据提供单位提出/);
  });
});
