// W14 end to end in the console (T17, Z23, S24): alice submits a product built on the transport bureau's DS-0001 and the
// ecology bureau's DS-0003, citing both and the day she obtained the data; carol, at the authority, reviews it against
// T17's conditions and lists it. `results DS-0001` then shows it with its sources to anyone, `dataset DS-0001` names it,
// and a result that shows people's travel records is refused with its reasons and basis.
import { describe, expect, it } from 'vitest';
import { demoCity, replyTo } from './support/console-city.ts';

const RESULT =
  '利用成果 DS-0001 DS-0003 成果名称="公交到站与空气质量提醒" 成果简介="结合公交线路与空气质量数据的出行提醒" 访问地址=https://example.org/bus 获取日期=2026-11-20 合规声明=是';

describe('W14 result publication in the console', () => {
  it('alice submits a result citing DS-0001 and DS-0003, carol lists it: results DS-0001 shows it with its sources', async () => {
    const run = (await demoCity()).say;
    const out = await run(['as alice', RESULT, 'results', 'as bob', 'status C-0001', 'as carol', 'queue', 'approve C-0001', 'as bob', 'results DS-0001', '成果', 'results DS-0002', 'results DS-9999', 'dataset DS-0001']);
    expect(replyTo(out, RESULT)).toMatch(/^已提交 C-0001（利用成果）。当前环节：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(replyTo(out, RESULT)).toContain('数据来源：DS-0001 公交线路与站点, DS-0003 空气质量监测小时数据；获取日期：2026-11-20。');
    expect(replyTo(out, RESULT)).toContain('✉ 致 Carol 李卡（carol）：利用成果「公交到站与空气质量提醒」（事项 C-0001）待审核');
    // Pending, it is listed nowhere, and the providers of its sources do not see it: it is alice's and the authority's.
    expect(replyTo(out, 'alice> results')).toBe('尚无已公布的利用成果。\n');
    expect(replyTo(out, 'bob> status C-0001')).toBe('C-0001 不是您经手的事项，无权查看或操作。\n');
    expect(replyTo(out, 'queue')).toContain('C-0001 · 利用成果 · 待主管部门审核 · 公交到站与空气质量提醒');
    expect(replyTo(out, 'approve C-0001')).toContain('C-0001 已办理，当前状态：已公布。');
    expect(replyTo(out, 'approve C-0001')).toContain('✉ 致 Alice 王丽（alice）：您的利用成果「公交到站与空气质量提醒」（事项 C-0001）已通过审核，已在公共数据开放网公布。');
    const listed = [
      '• 公交到站与空气质量提醒（C-0001）：结合公交线路与空气质量数据的出行提醒',
      '    访问地址：https://example.org/bus',
      '    数据来源：DS-0001 公交线路与站点、DS-0003 空气质量监测小时数据；获取日期 2026-11-20',
      '    提交人：Alice 王丽 · 公布日期 2026-11-23',
      '',
    ].join('\n');
    expect(replyTo(out, 'results DS-0001')).toBe(`引用 DS-0001 的利用成果（1）：\n${listed}`);
    expect(replyTo(out, '成果')).toBe(`已公布的利用成果（1）：\n${listed}`);
    expect(replyTo(out, 'results DS-0002')).toBe('尚无引用 DS-0002 的利用成果。\n');
    expect(replyTo(out, 'results DS-9999')).toBe('未找到 DS-9999。\n');
    expect(replyTo(out, 'dataset DS-0001')).toContain('利用成果：「公交到站与空气质量提醒」（C-0001）（results DS-0001 可查）');
  });

  it('carol returns one for correction, alice names another source, carol refuses it with reasons and basis', async () => {
    const run = (await demoCity()).say;
    const back = 'return C-0001 reasons="请补充所用的客流数据来源；说明获取日期"';
    const again = 'resubmit C-0001 sources=DS-0001,DS-0002 obtained=2026-11-18';
    const noReason = 'reject C-0001 basis="《泰安市公共数据开放实施细则（征求意见稿）》第十七条"';
    const refuse = 'reject C-0001 basis="《泰安市公共数据开放实施细则（征求意见稿）》第十七条" reason="成果展示了可识别个人的出行记录，涉及个人信息"';
    const out = await run(['as alice', RESULT, 'as carol', back, 'as alice', again, 'as carol', noReason, refuse, 'results', 'as alice', 'status C-0001']);
    expect(replyTo(out, back)).toContain('现将需补正的全部事项一次性告知（共 2 项）：\n    1. 请补充所用的客流数据来源\n    2. 说明获取日期');
    expect(replyTo(out, again)).toMatch(/^C-0001 已办理，当前状态：待主管部门审核，应于 2026-11-25（含当日）前办结。/);
    expect(replyTo(out, again)).toContain('数据来源：DS-0001 公交线路与站点, DS-0002 公交客流刷卡明细；获取日期：2026-11-18。');
    expect(replyTo(out, noReason)).toMatch(/^不予公布须同时说明理由和依据/);
    expect(replyTo(out, refuse)).toContain('C-0001 已办理，当前状态：不予公布。');
    expect(replyTo(out, refuse)).toContain('理由：成果展示了可识别个人的出行记录，涉及个人信息');
    expect(replyTo(out, 'results')).toBe('尚无已公布的利用成果。\n');
    expect(replyTo(out, 'alice> status C-0001')).toContain('（说明：成果展示了可识别个人的出行记录，涉及个人信息）');
    expect(replyTo(out, 'alice> status C-0001')).toContain('数据来源：DS-0001 公交线路与站点, DS-0002 公交客流刷卡明细\n获取日期：2026-11-18\n');
  });

  it('refuses an unknown source, a date obtained after today, and a user not verified by real name', async () => {
    const run = (await demoCity()).say;
    const unknown = 'result DS-0001 DS-0042 title=x';
    const future = 'result DS-0001 title=x summary=y url=https://example.org obtained=2026-12-01 declared=是';
    const out = await run(['as alice', unknown, future, 'as erin', 'result DS-0001']);
    expect(replyTo(out, unknown)).toBe('未找到 DS-0042。\n');
    expect(replyTo(out, future)).toBe('获取日期 2026-12-01 晚于今日（2026-11-23）：请写实际获取数据的日期。未提交。\n');
    expect(replyTo(out, 'result DS-0001')).toMatch(/^提交利用成果须先完成实名认证/);
  });
});
