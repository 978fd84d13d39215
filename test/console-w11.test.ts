// W11 inter-agency sharing end to end in the console (Z13–Z17), on Wednesday 30 September 2026, the last working day
// before National Day (1–7 October off, Saturday 10 October worked). frank at 市生态环境局 applies for 市交通运输局's
// data: DS-0001, shared unconditionally (the authority's formal review, 1 working day: due 8 October, after the
// holiday); DS-0002, on conditions (then the provider's review, 2: due 9 October), which bob refuses with two reasons
// and frank disputes (the authority's coordination, 5: due 13 October, the Saturday worked counted). bob applies for
// 市生态环境局's DS-0005, not shared: a data demand (the authority 5 working days, the provider 10: due 13 and 20
// October). frank's application for the province's DS-0006 is checked and referred upward (Z15).
import { describe, expect, it } from 'vitest';
import { demoCity, replyTo, stored } from './support/console-city.ts';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';

const EVE_OF_NATIONAL_DAY = '2026-09-30T10:00:00+08:00';
const SHARE_1 = 'share DS-0001 duty="机动车尾气排放测算" scenario="按线路估算公交排放" commit=是';
const SHARE_2 = '共享申请 DS-0002 履行职责="重点路段尾气监测" 应用场景="按站点和时段评估排放" 承诺=是';
const SHARE_5 = 'share DS-0005 duty="公交场站环境投诉整改" scenario="核对场站周边投诉办理结果" commit=yes';
const SHARE_6 = 'share DS-0006 duty="排污单位主体核验" scenario="核对排污许可持证单位的登记状态" commit=是';
const REFUSE = 'reject C-0002 reasons="刷卡明细可识别个人出行轨迹；排放评估无需站点级明细" basis="《中华人民共和国个人信息保护法》第三十四条"';
const DISPUTE = '申请协调 C-0002 reason="仅需按线路和时段汇总的人次，不含个人信息"';

describe('W11 inter-agency sharing in the console', () => {
  it('takes each path of the sharing attribute across National Day, and a refusal with two reasons disputed and coordinated', async () => {
    const { env, say } = await demoCity({ KAIFANG_NOW: EVE_OF_NATIONAL_DAY });
    const out = await say([
      'as frank',
      SHARE_1,
      SHARE_2,
      'share DS-0003 duty="x" scenario="y" commit=是',
      'as bob',
      SHARE_5,
      'as carol',
      'why C-0003',
      'approve C-0001',
      'approve C-0002',
      'approve C-0003',
      'as frank',
      'approve C-0003',
      'as bob',
      REFUSE,
      'as frank',
      'status C-0002',
      DISPUTE,
      'as carol',
      'approve C-0002 协商后同意按线路汇总共享',
      'as frank',
      '进度 C-0002',
    ]);
    // Unconditional: the authority's formal review in 1 working day, after the holiday; access with its pass (Z14).
    expect(replyTo(out, `frank> ${SHARE_1}`)).toMatch(/^已提交 C-0001（共享申请）。当前环节：形式审核，应于 2026-10-08（含当日）前办结。/);
    const passed = replyTo(out, 'carol> approve C-0001');
    expect(passed).toMatch(/^C-0001 已办理，当前状态：已共享，已授权。/);
    expect(passed).toContain('✉ 致 Frank 周凡（frank）：您的共享申请 C-0001 已同意：DS-0001「公交线路与站点」共享给您用于「机动车尾气排放测算」，至 2027-09-30 止（授权 SH-C-0001）');
    expect(passed).toContain('✉ 致 Bob 陈波（bob）：知悉：DS-0001「公交线路与站点」已通过 C-0001 共享');
    // Conditional: 1 working day, then the provider's 2, both after the holiday.
    expect(replyTo(out, `frank> ${SHARE_2}`)).toMatch(/^已提交 C-0002（共享申请）。当前环节：形式审核，应于 2026-10-08（含当日）前办结。/);
    expect(replyTo(out, 'carol> approve C-0002')).toMatch(/^C-0002 已办理，当前状态：提供单位审核，应于 2026-10-09（含当日）前办结。/);
    // frank's own agency's data needs no application.
    expect(replyTo(out, 'frank> share DS-0003 duty="x" scenario="y" commit=是')).toMatch(/^DS-0003 是本单位的数据，无须共享申请。/);
    // Not shared: a data demand, the authority's 5 working days and the provider's 10, Saturday 10 October counted.
    expect(replyTo(out, `bob> ${SHARE_5}`)).toMatch(/^已提交 C-0003（共享申请）。当前环节：数据需求形式审核，应于 2026-10-13（含当日）前办结。/);
    const why = replyTo(out, 'carol> why C-0003');
    expect(why).toContain('2026-10-10');
    expect(replyTo(out, 'carol> approve C-0003')).toMatch(/^C-0003 已办理，当前状态：提供单位需求论证，应于 2026-10-20（含当日）前办结。/);
    expect(replyTo(out, 'frank> approve C-0003')).toMatch(/^C-0003 已办理，当前状态：已共享，已授权。/);
    // Z16: every reason at once, with the basis; the applicant may ask for coordination.
    const refused = replyTo(out, `bob> ${REFUSE}`);
    expect(refused).toMatch(/^C-0002 已办理，当前状态：不予共享（可申请协调）。/);
    expect(refused).toContain('全部理由（2 项）：\n    1. 刷卡明细可识别个人出行轨迹\n    2. 排放评估无需站点级明细\n    法律依据：《中华人民共和国个人信息保护法》第三十四条');
    expect(replyTo(out, 'frank> status C-0002')).toContain('不予共享：1. 刷卡明细可识别个人出行轨迹 2. 排放评估无需站点级明细（依据：《中华人民共和国个人信息保护法》第三十四条）');
    const disputed = replyTo(out, `frank> ${DISPUTE}`);
    expect(disputed).toMatch(/^C-0002 已办理，当前状态：主管部门协调，应于 2026-10-13（含当日）前办结。/);
    expect(disputed).toContain('✉ 致 Carol 李卡（carol）：共享申请 C-0002（DS-0002「公交客流刷卡明细」）：申请单位认为不予共享的理由不充分，申请协调');
    expect(disputed).toContain('申请单位意见：仅需按线路和时段汇总的人次，不含个人信息');
    expect(replyTo(out, 'carol> approve C-0002 协商后同意按线路汇总共享')).toMatch(/^C-0002 已办理，当前状态：已共享，已授权。/);
    expect(replyTo(out, 'frank> 进度 C-0002')).toContain('已共享：DS-0002 用于「重点路段尾气监测」至 2027-09-30（共享授权 SH-C-0002）');

    // The grants are sharing grants bound to their duties; none owes a usage report (T18 binds users of open data).
    const store = await createPrismaStore({ url: env.DATABASE_URL });
    try {
      const grants = await store.grants.list();
      expect(grants.map((g) => [g.caseId, g.userId, g.kind, g.duty, g.expiresOn])).toEqual([
        ['C-0001', 'frank', 'share', '机动车尾气排放测算', '2027-09-30'],
        ['C-0003', 'bob', 'share', '公交场站环境投诉整改', '2027-09-30'],
        ['C-0002', 'frank', 'share', '重点路段尾气监测', '2027-09-30'],
      ]);
    } finally {
      await store.close();
    }
    const { caseOf } = await stored(env.DATABASE_URL);
    expect(caseOf('C-0002')).toMatchObject({ state: 'granted', data: { refusal: { by: 'provider', reasons: ['刷卡明细可识别个人出行轨迹', '排放评估无需站点级明细'] }, dispute: { reason: '仅需按线路和时段汇总的人次，不含个人信息' } } });
  });

  it('refers a higher level’s data upward after the authority’s check, and records its answer (Z15)', async () => {
    const { say } = await demoCity({ KAIFANG_NOW: EVE_OF_NATIONAL_DAY });
    const out = await say(['as frank', SHARE_6, 'as carol', 'approve C-0001', 'queue', 'approve C-0001 省级已同意', 'as frank', 'status C-0001']);
    const filed = replyTo(out, `frank> ${SHARE_6}`);
    expect(filed).toMatch(/^已提交 C-0001（共享申请）。当前环节：审核后提报上级，应于 2026-10-08（含当日）前办结。/);
    expect(filed).toContain('该数据由上级掌握：主管部门将于 2026-10-08（含当日）前完成审核并提报上一级');
    const referred = replyTo(out, 'carol> approve C-0001');
    expect(referred).toMatch(/^C-0001 已办理，当前状态：已提报上一级，待反馈。/);
    expect(referred).toContain('✉ 致 Frank 周凡（frank）：您的共享申请 C-0001（DS-0006「市场主体登记信息」）已审核并提报上一级大数据工作主管部门');
    // Waiting on the higher level, it is nobody's task in the city and runs on no city clock.
    expect(replyTo(out, 'carol> queue')).not.toContain('C-0001');
    expect(replyTo(out, 'carol> approve C-0001 省级已同意')).toMatch(/^C-0001 已办理，当前状态：已共享，已授权。/);
    expect(replyTo(out, 'frank> status C-0001')).toContain('上级同意共享');
  });

  it('changes a sharing attribute like the open attribute: no longer shared, the sharing grants end and the next application is a data demand', async () => {
    const { env, say } = await demoCity({ KAIFANG_NOW: EVE_OF_NATIONAL_DAY });
    const CLOSE = 'attribute DS-0002 to=closed basis="《个人信息保护法》第二十八条" reason="刷卡明细可识别个人"';
    const UNSHARE = 'sharing DS-0002 to=none share_basis="《中华人民共和国个人信息保护法》第三十四条" reason="刷卡明细经评估可识别个人"';
    const out = await say([
      'as frank',
      SHARE_2,
      'as carol',
      'approve C-0001',
      'as bob',
      'approve C-0001',
      CLOSE,
      'as carol',
      'approve C-0002',
      'as bob',
      'sharing DS-0002 to=conditional',
      'cancel',
      UNSHARE,
      'as carol',
      'approve C-0003',
      'as frank',
      'dataset DS-0002',
      'share DS-0002 duty="重点路段尾气监测" scenario="按线路评估排放" commit=是',
    ]);
    expect(replyTo(out, 'carol> approve C-0001')).toMatch(/当前状态：提供单位审核/);
    expect(replyTo(out, 'bob> approve C-0001')).toMatch(/^C-0001 已办理，当前状态：已共享，已授权。/);
    // Closing the data to the public (W2) ends its open grants, not its sharing: frank is not told, his grant stays.
    const closed = replyTo(out, 'carol> approve C-0002');
    expect(closed).toMatch(/^C-0002 已办理，当前状态：/);
    expect(closed).not.toContain('致 Frank 周凡');
    // Z13: conditional sharing lists its conditions and cites its basis; asked for when missing.
    expect(replyTo(out, 'bob> sharing DS-0002 to=conditional')).toMatch(/请填写「共享条件」/);
    expect(replyTo(out, `bob> ${UNSHARE}`)).toMatch(/^已提交 C-0003（共享属性调整）。当前环节：主管部门审核中，应于 2026-10-09（含当日）前办结。/);
    const changed = replyTo(out, 'carol> approve C-0003');
    expect(changed).toMatch(/^C-0003 已办理，当前状态：已调整共享属性。/);
    expect(changed).toContain('✉ 致 Frank 周凡（frank）：DS-0002 公交客流刷卡明细 已调整为不予共享（依据：《中华人民共和国个人信息保护法》第三十四条）。您对该数据的共享授权即日终止');
    expect(replyTo(out, 'frank> dataset DS-0002')).toContain('不予共享');
    expect(replyTo(out, 'frank> share DS-0002 duty="重点路段尾气监测" scenario="按线路评估排放" commit=是')).toMatch(/^已提交 C-0004（共享申请）。当前环节：数据需求形式审核，应于 2026-10-13（含当日）前办结。/);
    const store = await createPrismaStore({ url: env.DATABASE_URL });
    try {
      // Ended the day before: in force through 29 September.
      expect((await store.grants.list()).map((g) => [g.caseId, g.kind, g.expiresOn])).toEqual([['C-0001', 'share', '2026-09-29']]);
    } finally {
      await store.close();
    }
  });
});
