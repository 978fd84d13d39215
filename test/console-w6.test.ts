// W6 unlisted data demand end to end in the console (T16): alice asks for data the catalog does not have; erin (not
// verified, so she may not file one herself) finds the demand in the public list, reads it and follows it; the
// authority passes it to the transport bureau, which agrees and opens the data by publishing a catalog entry filed for
// the demand (`submit … demand=C-0001`); the authority's formal review publishes it, and alice and erin are both told
// the new dataset's code. Demands are public; other cases stay private. In Guangzhou a refusal is due 5 working days
// after receipt (G(二)5).
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { demoCity, replyTo } from './support/console-city.ts';

const REQUEST = 'request 需求名称="共享单车停放点位" 需求描述="全市共享单车停放点位及容量，按月更新" 用途="慢行交通规划研究"';
const SUBMIT =
  'submit 名称="共享单车停放点位" 摘要="全市共享单车停放点位及容量" 数据项="点位编号、经度、纬度、容量" 开放属性=无条件开放 数据格式=CSV 数据类型=数据集 更新频率=每月 安全审查=是 demand=C-0001';

describe('W6 data demand in the console', () => {
  it('from a demand to a published dataset, the requester and a follower told its code', async () => {
    const { env, say } = await demoCity();
    const out = await say([
      'as erin',
      REQUEST,
      'as alice',
      REQUEST,
      'follow C-0001',
      'as erin',
      '需求列表',
      'status C-0001',
      '关注 C-0001',
      'follow C-0001',
      'as carol',
      'approve C-0001',
      'approve C-0001 agency=transport',
      'as bob',
      'approve C-0001',
      '通过 C-0001',
      SUBMIT,
      'as carol',
      'approve C-0002',
      'as erin',
      '进度 C-0001',
      'as alice',
      'status C-0001',
    ]);
    // T16 公共数据利用主体 (T14: real-name verified): erin may not file one.
    expect(replyTo(out, `erin> ${REQUEST}`)).toMatch(/^提出数据需求须先完成实名认证/);
    expect(replyTo(out, `alice> ${REQUEST}`)).toMatch(/^已提交 C-0001（数据需求）。当前环节：形式审核中，应于 2026-11-30（含当日）前办结。/);
    expect(replyTo(out, 'alice> follow C-0001')).toMatch(/^C-0001 是您提出的需求，办结时会通知您/);
    // Public: anyone lists the demands and reads one, the requester by name only.
    expect(replyTo(out, 'erin> 需求列表')).toContain('C-0001 · 数据需求 · 形式审核中 · 共享单车停放点位');
    expect(replyTo(out, 'erin> status C-0001')).toContain('需求人：Alice 王丽\n');
    expect(replyTo(out, 'erin> 关注 C-0001')).toMatch(/^已关注 C-0001/);
    expect(replyTo(out, 'erin> follow C-0001')).toMatch(/^您已关注 C-0001。/);
    // T16 转至公共数据开放主体: the demand named no provider, so the formal review names it.
    expect(replyTo(out, 'carol> approve C-0001')).toMatch(/^请指明持有该数据的单位：agency=/);
    expect(replyTo(out, 'carol> approve C-0001 agency=transport')).toMatch(/^C-0001 已办理，当前状态：需求论证中，应于 2026-12-07（含当日）前办结。/);
    // The provider agrees: the data is to be opened within 20 wd (T16); followers hear it too.
    const agreed = replyTo(out, 'bob> approve C-0001');
    expect(agreed).toMatch(/^C-0001 已办理，当前状态：待开放数据，应于 2026-12-21（含当日）前办结。/);
    expect(agreed).toContain('✉ 致 Erin 孙艺（erin）：数据需求「共享单车停放点位」（事项 C-0001）经市交通运输局论证可以开放');
    expect(agreed).toContain('✉ 致 Bob 陈波（bob）：数据需求「共享单车停放点位」（事项 C-0001）已同意开放，请于 2026-12-21（含当日）前提交开放目录并发布');
    // Opening is a publication, not an approval.
    expect(replyTo(out, 'bob> 通过 C-0001')).toMatch(/^C-0001 须通过发布数据办结：提交开放目录时填写 demand=C-0001。/);
    expect(replyTo(out, `bob> ${SUBMIT}`)).toMatch(/^已提交 C-0002（开放数据发布）/);
    const published = replyTo(out, 'carol> approve C-0002');
    expect(published).toMatch(/^C-0002 已办理，当前状态：已发布。/);
    expect(published).toContain('✉ 致 Alice 王丽（alice）：数据需求「共享单车停放点位」（事项 C-0001）所需数据已开放：DS-0007「共享单车停放点位」。');
    expect(published).toContain('✉ 致 Erin 孙艺（erin）：数据需求「共享单车停放点位」（事项 C-0001）所需数据已开放：DS-0007「共享单车停放点位」。');
    const done = replyTo(out, 'erin> 进度 C-0001');
    expect(done).toContain('状态：已开放');
    expect(done).toContain('数据已开放（数据集：DS-0007）');
    // What anyone reads of a demand: what is asked, what for, who holds the data; not who follows it.
    expect(done).toContain('需求描述：全市共享单车停放点位及容量，按月更新\n用途：慢行交通规划研究\n数据提供单位：市交通运输局\n');
    // The routing is recorded by the agency's id and read by its name.
    expect(done).toContain('Carol 李卡 通过形式审核并转至数据提供单位（提供单位：市交通运输局）');
    expect(replyTo(out, 'alice> status C-0001')).toContain('状态：已开放');
    expect(replyTo(out, 'alice> status C-0001')).not.toContain('关注了该需求');
    expect(done).toContain('Erin 孙艺 关注了该需求');
    // The demand met by the publication is in the audit trail: the replay agrees with the store.
    const verify = await runInProcess(['audit', '--verify'], env);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });

  it('another applicant sees a demand, and no other case of the requester', async () => {
    const { say } = await demoCity();
    const out = await say([
      'as alice',
      REQUEST,
      'object DS-0001 12路站点位置有误',
      'as frank',
      'requests',
      'status C-0001',
      'status C-0002',
      'as erin',
      'status C-0001',
      'status C-0002',
      'follow C-0002',
      'requests',
    ]);
    expect(replyTo(out, 'erin> status C-0001')).toContain('C-0001 · 数据需求 · 共享单车停放点位\n状态：形式审核中');
    expect(replyTo(out, 'erin> requests')).toContain('C-0001 · 数据需求');
    expect(replyTo(out, 'erin> requests')).not.toContain('C-0002');
    expect(replyTo(out, 'frank> status C-0001')).toContain('状态：形式审核中');
    // The objection is alice's and the transport bureau's, not erin's nor the ecology bureau's.
    expect(replyTo(out, 'erin> status C-0002')).toMatch(/^C-0002 不是您经手的事项/);
    expect(replyTo(out, 'frank> status C-0002')).toMatch(/^C-0002 不是您经手的事项/);
    expect(replyTo(out, 'erin> follow C-0002')).toMatch(/^C-0002 不公开/);
  });

  it('Guangzhou: straight to the named provider, a refusal due 5 working days after receipt, with every reason', async () => {
    const { say } = await demoCity({ KAIFANG_PROFILE: 'guangzhou' });
    const out = await say([
      'as alice',
      `${REQUEST} agency=市交通运输局`,
      'as erin',
      'follow C-0001',
      // G(二)5 自然人、法人和非法人组织: anyone files a demand here, verified or not; naming no provider, the authority routes it.
      REQUEST,
      'as bob',
      'reject C-0001 理由="涉及个人位置信息；尚未汇聚"',
    ]);
    expect(replyTo(out, `erin> ${REQUEST}`)).toMatch(/^已提交 C-0002（数据需求）。当前环节：待主管部门转办，应于 2026-11-30（含当日）前办结。/);
    expect(replyTo(out, `alice> ${REQUEST} agency=市交通运输局`)).toMatch(/^已提交 C-0001（数据需求）。当前环节：需求论证中，应于 2026-11-30（含当日）前办结。/);
    const refused = replyTo(out, 'bob> reject C-0001 理由="涉及个人位置信息；尚未汇聚"');
    expect(refused).toMatch(/^C-0001 已办理，当前状态：不予开放。/);
    expect(refused).toContain('✉ 致 Alice 王丽（alice）：数据需求「共享单车停放点位」（事项 C-0001）不予开放。理由：\n    1. 涉及个人位置信息\n    2. 尚未汇聚');
    expect(refused).toContain('✉ 致 Erin 孙艺（erin）：数据需求「共享单车停放点位」（事项 C-0001）不予开放。');
  });
});
