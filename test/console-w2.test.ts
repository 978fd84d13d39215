// W2 end to end in the console (T8, Z18, G(一)5): the provider's officer applies to change a dataset's open attribute,
// the authority reviews, and each city's rule for a downgrade holds as its profile gives it: Tai'an takes a reason
// alone (T8: refused only with neither basis nor reason), Guangzhou does not (G(一)5: a basis in law or policy). When
// the change is made its consequences come with it: closed data ends the grants on it and tells their holders; data
// opened to all closes the applications still waiting for it.
import { describe, expect, it } from 'vitest';
import { demoCity, replyTo } from './support/console-city.ts';

const W5 = 'title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

describe('W2 downgrades, each city by its own rule', () => {
  it('Tai’an takes a downgrade with only a reason (T8: 未提供依据且无合理理由的，不予调整)', async () => {
    const run = (await demoCity({ KAIFANG_PROFILE: 'taian' })).say;
    const typed = 'attribute DS-0001 to=closed reason="涉及个人隐私"';
    const out = await run(['as bob', typed]);
    expect(replyTo(out, typed)).toMatch(/^已提交 C-0001（开放属性调整）。当前环节：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(out).toContain('✉ 致 Carol 李卡（carol）：开放属性调整 C-0001：DS-0001 公交线路与站点 由无条件开放调整为不予开放。依据：—；理由：涉及个人隐私');
    // With neither basis nor reason it is refused before anything is filed.
    const bare = 'attribute DS-0003 to=conditional conditions="限科研" fair=是';
    expect(replyTo(await run(['as frank', bare]), bare)).toMatch(/^降低开放程度须提供法律法规及相关文件依据或合理理由（《泰安市公共数据开放实施细则（征求意见稿）》第八条）/);
  });

  it('Guangzhou refuses a downgrade with only a reason and takes one with a basis (G(一)5)', async () => {
    const run = (await demoCity({ KAIFANG_PROFILE: 'guangzhou' })).say;
    const reasonOnly = 'attribute DS-0001 to=closed reason="涉及个人隐私"';
    const withBasis = '调整属性 DS-0001 调整为=不予开放 调整依据="《中华人民共和国个人信息保护法》第十三条" 调整理由="涉及个人隐私"';
    const out = await run(['as bob', reasonOnly, withBasis, 'as carol', 'queue']);
    expect(replyTo(out, reasonOnly)).toBe(
      '降低开放程度须提供明确的法律、法规依据或者国家、省有关政策依据（《广州市公共数据开放管理办法》（一）5）。本次申请未提交。\n',
    );
    expect(replyTo(out, withBasis)).toMatch(/^已提交 C-0001（开放属性调整）/);
    expect(replyTo(out, 'queue')).toContain('C-0001 · 开放属性调整 · 待主管部门审核 · DS-0001 公交线路与站点');
  });
});

describe('W2 consequences', () => {
  it('a downgrade to closed ends the grant on the data and tells its holder', async () => {
    const run = (await demoCity({ KAIFANG_PROFILE: 'taian' })).say;
    // Alice holds a grant on DS-0002 (README walkthrough): applied, passed both reviews, agreement accepted.
    await run(['as alice', `apply DS-0002 ${W5}`, 'as carol', 'approve C-0001', 'as bob', 'approve C-0001', 'as alice', 'accept C-0001']);
    const typed = 'attribute DS-0002 to=closed basis="《中华人民共和国数据安全法》第二十一条" reason="涉及商业秘密"';
    // Grace, bob's colleague, asks for another change of the same data meanwhile: it ends with the change made.
    const other = 'attribute DS-0002 to=unconditional reason="拟全面开放" enabler=other';
    const out = await run(['as bob', typed, 'as grace', other, 'as carol', 'approve C-0002', 'as alice', 'status C-0001', 'dataset DS-0002', 'apply DS-0002', 'as bob', 'status C-0002', 'status C-0003']);
    expect(replyTo(out, other)).toMatch(/^已提交 C-0003（开放属性调整）/);
    expect(replyTo(out, 'approve C-0002')).toContain('C-0002 已办理，当前状态：已调整。');
    // Only the grant holder hears that grants end: not the officer whose attribute change it closes.
    expect(replyTo(out, 'approve C-0002').match(/授权即日终止/g)).toHaveLength(1);
    expect(replyTo(out, 'status C-0003')).toContain('状态：已终止（数据已下架或开放属性已调整）');
    expect(replyTo(out, 'approve C-0002')).toContain(
      '✉ 致 Alice 王丽（alice）：DS-0002 公交客流刷卡明细 已调整为不予开放（依据：《中华人民共和国数据安全法》第二十一条；理由：涉及商业秘密）。您对该数据的授权即日终止，未办结的申请随之终止。\n    您收到此消息，因为您持有或申请过该数据。',
    );
    // Both of the provider's data officers hear the change was made.
    expect(replyTo(out, 'approve C-0002')).toMatch(/✉ 致 Bob 陈波（bob）：开放属性调整 C-0002 已同意：DS-0002 公交客流刷卡明细 已由有条件开放调整为不予开放。/);
    expect(replyTo(out, 'approve C-0002')).toMatch(/✉ 致 Grace 吴佳（grace）：开放属性调整 C-0002 已同意/);
    // The grant was in force until yesterday; the data is closed and nobody may apply for it.
    expect(replyTo(out, 'status C-0001')).toContain('已授权：DS-0002 使用至 2026-11-22（《公共数据开放利用协议》AG-C-0001）');
    expect(replyTo(out, 'dataset DS-0002')).toContain('开放属性：不予开放\n');
    expect(replyTo(out, 'dataset DS-0002')).toContain('不予开放：目录中列明，但不提供数据。');
    expect(replyTo(out, 'dataset DS-0002')).not.toContain('开放条件：');
    expect(replyTo(out, 'apply DS-0002')).toBe('DS-0002 为不予开放数据，不接受申请，也不提供获取。\n');
    expect(replyTo(out, 'status C-0002')).toContain('状态：已调整\n调整为：不予开放\n');
    expect(replyTo(out, 'status C-0002')).toContain('申请调整开放属性（调整为：不予开放）（调整依据：《中华人民共和国数据安全法》第二十一条）（说明：涉及商业秘密）');
  });

  it('opening data to all closes the applications still waiting for it, with a notice', async () => {
    const run = (await demoCity({ KAIFANG_PROFILE: 'taian' })).say;
    // DS-0004 is the ecology bureau's conditional data: alice's application waits on the formal review.
    const typed = 'attribute DS-0004 to=unconditional reason="经评估已具备无条件开放条件" enabler=desensitised';
    const out = await run(['as alice', `apply DS-0004 ${W5}`, 'as frank', typed, 'as carol', 'approve C-0002', 'as alice', 'status C-0001', 'dataset DS-0004']);
    expect(replyTo(out, typed)).toMatch(/^已提交 C-0002（开放属性调整）/);
    expect(replyTo(out, 'approve C-0002')).toContain('✉ 致 Alice 王丽（alice）：DS-0004');
    expect(replyTo(out, 'approve C-0002')).toContain('已调整为无条件开放，任何人均可直接获取，无需申请；您对该数据未办结的申请随之终止。');
    expect(replyTo(out, 'status C-0001')).toContain('状态：已终止（数据已下架或开放属性已调整）');
    expect(replyTo(out, 'dataset DS-0004')).toContain('开放属性：无条件开放\n');
    // The formal review it was waiting on is gone: carol has nothing left to decide.
    expect(replyTo(await run(['as carol', 'approve C-0001']), 'approve C-0001')).toBe('C-0001 当前状态下不能执行此操作。\n');
    expect(replyTo(await run(['as alice', 'status C-0001']), 'status C-0001')).toContain('已终止');
  });
});
