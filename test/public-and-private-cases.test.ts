// Issue 14's visibility rule in one script: a data demand (W6) is public — another applicant sees it in `requests` and
// in `status` — while a rights complaint (W8) is the complainant's, the provider's and the authority's only.
import { describe, expect, it } from 'vitest';
import { demoCity, replyTo } from './support/console-city.ts';

describe('what another applicant sees of the public’s cases', () => {
  it('sees a W6 demand, not a W8 complaint', async () => {
    const { say } = await demoCity();
    const demand = 'request title="共享单车停放点位" description="全市共享单车停放点位及容量" purpose="慢行交通规划" agency=transport';
    const complaint = 'complain DS-0001 隐私 站点客流明细可识别到个人出行';
    const out = await say(['as alice', demand, complaint, 'as erin', 'requests', 'status C-0001', 'status C-0002', 'mine', 'as bob', 'status C-0002', 'as carol', 'status C-0002']);
    expect(replyTo(out, `alice> ${demand}`)).toMatch(/^已提交 C-0001（数据需求）/);
    expect(replyTo(out, `alice> ${complaint}`)).toMatch(/^已提交 C-0002（权益投诉）/);
    expect(replyTo(out, 'erin> requests')).toContain('C-0001');
    expect(replyTo(out, 'erin> requests')).not.toContain('C-0002');
    expect(replyTo(out, 'erin> status C-0001')).toMatch(/^C-0001 · 数据需求 · 共享单车停放点位\n/);
    expect(replyTo(out, 'erin> status C-0002')).toBe('C-0002 不是您经手的事项，无权查看或操作。\n');
    expect(replyTo(out, 'erin> mine')).not.toMatch(/C-000[12]/);
    // The provider whose data it is, and the authority, see the complaint.
    expect(replyTo(out, 'bob> status C-0002')).toMatch(/^C-0002 · 权益投诉 · DS-0001 公交线路与站点\n/);
    expect(replyTo(out, 'carol> status C-0002')).toMatch(/^C-0002 · 权益投诉/);
  });
});
