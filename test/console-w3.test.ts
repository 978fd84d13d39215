// W3 end to end in the console (Z10, B12): the authority records that a change of rules calls for a change of a
// transport dataset's catalog entry; the transport bureau's officer files it — late, more than 15 working days after
// the change, which the reviewer is told — and the authority's approval changes the entry. A removal filed at once by
// the officer takes the dataset off the catalog when the authority consents (B12: 涉及删减、修改目录的…同意). A change of
// an agency's duties concerns its catalog as a whole: the authority records it for the transport bureau by name, and
// the bureau's officer files it naming which of its published datasets changes.
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

  it('carol records a trigger for the transport bureau by its name, bob files it on DS-0001, carol approves: the entry shows it', async () => {
    const run = (await demoCity()).say;
    const trigger = 'trigger 市交通运输局 reason="市交通运输局职能调整，公交站点数据须公布无障碍设施" on=2026-11-16';
    const file = 'file C-0001 dataset=DS-0001 summary="全市公交线路、站点及无障碍设施"';
    const out = await run(['as carol', trigger, 'mine', 'as bob', 'queue', 'status C-0001', file, 'as carol', 'queue', 'approve C-0001', 'dataset DS-0001', 'status C-0001']);
    // 2026-11-16 + 15 working days: due 2026-12-07; the case has no dataset until bob's filing names one.
    expect(replyTo(out, trigger)).toMatch(/^已提交 C-0001（目录变更）。当前环节：待提供单位提交变更申请，应于 2026-12-07（含当日）前办结。/);
    expect(replyTo(out, trigger)).toContain(
      '✉ 致 Bob 陈波（bob）：目录变更 C-0001：主管部门告知，因市交通运输局职能调整，公交站点数据须公布无障碍设施（2026-11-16），市交通运输局 的数据目录需要变更。请于 2026-12-07（含当日）前就受影响的已开放数据（DS-0001, DS-0002）提交目录变更申请，写明数据集编号：file C-0001 数据集编号=…',
    );
    expect(replyTo(out, trigger)).toContain('✉ 致 Grace 吴佳（grace）：目录变更 C-0001');
    expect(replyTo(out, trigger)).not.toContain('Frank');
    expect(replyTo(out, 'mine')).toContain('C-0001 · 目录变更 · 待提供单位提交变更申请 · 市交通运输局 · 应于 2026-12-07（含当日）前办结');
    expect(replyTo(out, 'queue')).toContain('C-0001 · 目录变更 · 待提供单位提交变更申请 · 市交通运输局 · 应于 2026-12-07（含当日）前办结');
    const before = replyTo(out, 'status C-0001');
    expect(before).toMatch(/^C-0001 · 目录变更 · 市交通运输局\n状态：待提供单位提交变更申请\n/);
    expect(before).toContain('当前办理单位：市交通运输局');
    expect(before).toContain('Carol 李卡 通知目录变更（提供单位：市交通运输局）（事由：市交通运输局职能调整，公交站点数据须公布无障碍设施）（变更日期：2026-11-16）');
    expect(replyTo(out, file)).toMatch(/^C-0001 已办理，当前状态：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(replyTo(out, file)).toContain('✉ 致 Carol 李卡（carol）：目录变更 C-0001：DS-0001 公交线路与站点，修改目录。事由：市交通运输局职能调整，公交站点数据须公布无障碍设施（2026-11-16），应于 2026-12-07 前提出，按期提交；变更内容：summary=全市公交线路、站点及无障碍设施。');
    const after = out.slice(out.indexOf('carol> queue'));
    expect(replyTo(after, 'carol> queue')).toContain('C-0001 · 目录变更 · 待主管部门审核 · DS-0001 公交线路与站点 · 应于 2026-11-25（含当日）前办结');
    expect(replyTo(after, 'approve C-0001')).toContain('C-0001 已办理，当前状态：目录已变更。');
    expect(replyTo(after, 'approve C-0001')).toContain('✉ 致 Bob 陈波（bob）：目录变更 C-0001 审核通过：DS-0001 公交线路与站点 的目录已更新（summary=全市公交线路、站点及无障碍设施）。');
    expect(replyTo(after, 'dataset DS-0001')).toContain('摘要：全市公交线路、站点及无障碍设施\n');
    const done = replyTo(after, 'status C-0001');
    expect(done).toMatch(/^C-0001 · 目录变更 · DS-0001 公交线路与站点\n状态：目录已变更\n/);
    expect(done).toContain('Bob 陈波 提交目录变更申请（数据集：DS-0001）（变更内容：summary=全市公交线路、站点及无障碍设施）\n');
  });

  it('in Chinese words: 目录变更通知 市交通运输局 …, 提交变更 C-0001 数据集编号=DS-0002 …, 通过 C-0001', async () => {
    const run = (await demoCity()).say;
    const trigger = '目录变更通知 市交通运输局 变更事由="《公交运营管理条例》修订" 变更日期=2026-11-16';
    const file = '提交变更 C-0001 数据集编号=DS-0002 摘要="按线路、站点统计的公交刷卡客流"';
    const out = await run(['as carol', 'help 目录变更通知', trigger, 'as bob', file, 'as carol', '通过 C-0001', 'dataset DS-0002']);
    expect(replyTo(out, 'help 目录变更通知')).toMatch(/^trigger 目录变更通知 <提供单位\|数据集编号> 变更事由="…" 变更日期=YYYY-MM-DD — /);
    expect(replyTo(out, 'help 目录变更通知')).toContain('  trigger 市交通运输局 变更事由=');
    expect(replyTo(out, trigger)).toMatch(/^已提交 C-0001（目录变更）。当前环节：待提供单位提交变更申请，应于 2026-12-07（含当日）前办结。/);
    expect(replyTo(out, file)).toMatch(/^C-0001 已办理，当前状态：待主管部门审核/);
    expect(replyTo(out, file)).toContain('DS-0002 公交客流刷卡明细，修改目录。');
    expect(replyTo(out, '通过 C-0001')).toContain('C-0001 已办理，当前状态：目录已变更。');
    expect(replyTo(out, 'dataset DS-0002')).toContain('摘要：按线路、站点统计的公交刷卡客流\n');
  });

  it('refuses an agency that is not there, the authority itself, a provider recording it, and a filing without its own dataset', async () => {
    const run = (await demoCity()).say;
    const unknown = 'trigger 市教育局 reason="职能调整" on=2026-11-16';
    const authority = 'trigger 市大数据局 reason="职能调整" on=2026-11-16';
    const byBob = 'trigger transport reason="职能调整" on=2026-11-16';
    const trigger = 'trigger "市交通运输局" reason="职能调整" on=2026-11-16';
    const none = 'file C-0001 summary="新摘要"';
    const theirs = 'file C-0001 dataset=DS-0003 summary="新摘要"';
    const missing = 'file C-0001 dataset=DS-0099 summary="新摘要"';
    const out = await run(['as carol', unknown, authority, trigger, 'as bob', byBob, none, theirs, missing, 'status C-0001', 'lang en', 'trigger nowhere reason=x on=2026-11-16', 'help trigger']);
    expect(replyTo(out, unknown)).toBe('未找到单位「市教育局」。请写提供单位的名称或编号：市生态环境局（ecology）、省市场监督管理局（province-market）、市交通运输局（transport）。\n');
    expect(replyTo(out, authority)).toBe('市大数据局 不是数据提供单位：目录变更通知只能发给在开放目录中有数据的提供单位。未提交。\n');
    expect(replyTo(out, trigger)).toMatch(/^已提交 C-0001（目录变更）/);
    expect(replyTo(out, byBob)).toBe('只有主管部门工作人员可以为 市交通运输局 记录目录变更通知；提供单位自己的目录变更请用 amend（变更目录）提出。未提交。\n');
    expect(replyTo(out, none)).toBe('这项目录变更通知是发给 市交通运输局 的：请写明变更的是哪个已开放数据集，如 数据集编号=DS-0001。未提交。\n');
    expect(replyTo(out, theirs)).toBe('DS-0003 不是 市交通运输局 的数据：请写 市交通运输局 已开放数据集的编号。未提交。\n');
    expect(replyTo(out, missing)).toBe('未找到数据集 DS-0099：请写本单位已开放数据集的编号（datasets 可查）。未提交。\n');
    expect(replyTo(out, 'status C-0001')).toContain('状态：待提供单位提交变更申请');
    expect(replyTo(out, 'trigger nowhere reason=x on=2026-11-16')).toBe('No agency "nowhere" was found. Name a provider by its name or id: 市生态环境局 (ecology), 省市场监督管理局 (province-market), 市交通运输局 (transport).\n');
    expect(replyTo(out, 'help trigger')).toMatch(/^trigger <agency\|code> reason="…" on=YYYY-MM-DD — /);
  });
});
