// W2R as the platform and the providers meet it, through the CLI in this process: the demo's conditional DS-0002 and
// DS-0004, published on 14 November 2025, are re-assessed a year later (the profile's W2R.period_months). The round
// opens one case each and tells the provider's officers, with S8's hint; bob keeps DS-0002 with a note, frank applies
// to open DS-0004 to all (W2), which ends its re-assessment; each next one counts from that day.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { replyTo } from './support/console-city.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const PUBLISHED = '2025-11-14T10:00:00+08:00';
/** Monday 23 November 2026, in working hours. */
const A_YEAR_ON = '2026-11-23T10:00:00+08:00';

describe('W2R re-assessment from the console', () => {
  it('opens once a year after publication, is kept with a note or ended by an attribute change, and counts again from then', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input = '') => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now, KAIFANG_LOCALE: 'zh-CN' }, input);
    expect((await run(['seed', '--demo', '--no-cases'], PUBLISHED)).status).toBe(0);

    // A day before the year is up: no re-assessment (the daily feeds' updates are due, W13); on the day: both
    // conditional datasets and the closed one, never the unconditional ones.
    const before = (await run(['duties', '--dry-run', '--at', '2026-11-13 10:00'], PUBLISHED)).stdout;
    expect(before).not.toContain('W2R:');
    const ahead = (await run(['duties', '--dry-run'], A_YEAR_ON)).stdout.split('\n');
    expect(ahead).toContain('  W2R:DS-0002:2026-11-14：开放属性评估 DS-0002 公交客流刷卡明细（市交通运输局），2026-11-14 到期');
    expect(ahead).toContain('  W2R:DS-0004:2026-11-14：开放属性评估 DS-0004 重点排污单位在线监测（市生态环境局），2026-11-14 到期');
    expect(ahead).toContain('  W2R:DS-0005:2026-11-14：开放属性评估 DS-0005 环境信访举报记录（市生态环境局），2026-11-14 到期');
    expect(ahead.filter((l) => l.includes('W2R:'))).toHaveLength(3);

    const opened = (await run(['duties', '--open'], A_YEAR_ON)).stdout.split('\n');
    const caseOf = (key: string) => /^ {2}(C-\d{4})：/.exec(opened.find((l) => l.endsWith(`：${key}`)) ?? '')?.[1];
    const ds2 = caseOf('W2R:DS-0002:2026-11-14');
    const ds4 = caseOf('W2R:DS-0004:2026-11-14');
    expect(ds2 && ds4).toBeTruthy();
    expect((await run(['duties', '--open'], A_YEAR_ON)).stdout).toBe('已发起 0 项：\n');

    const keep = '维持属性 DS-0002 评估意见="含持卡人出行轨迹，仍需限定用途"';
    const change = 'attribute DS-0004 to=unconditional reason="已完成脱敏处理" enabler=desensitised';
    const chat = await run(['console'], A_YEAR_ON, ['as bob', 'queue', `why ${ds2}`, keep, `status ${ds2}`, 'as frank', change, `status ${ds4}`, ''].join('\n'));
    expect(chat.status, chat.stderr).toBe(0);
    const out = chat.stdout;
    // The provider's officers are told what to do, by when, and S8's rule for conditional data.
    expect(out).toContain(
      `✉ 致 Bob 陈波（bob）：开放属性评估 ${ds2}：DS-0002 公交客流刷卡明细 现为有条件开放数据，自 2025-11-14 确定或评估开放属性以来已满 12 个月，请重新评估（参照《苏州市公共数据开放实施细则》第八条、《广州市公共数据开放管理办法》（一）5）。维持现有属性的，回复 keep DS-0002 reason="评估意见"；需要调整的，发送 attribute DS-0002 to=… 申请调整。经评估具备无条件开放条件的，应当及时转为无条件开放（to=unconditional）。请于 2026-12-14（含当日）前答复。`,
    );
    expect(out).toContain(`✉ 致 Grace 吴佳（grace）：开放属性评估 ${ds2}：`);
    expect(out).toContain(`✉ 致 Frank 周凡（frank）：开放属性评估 ${ds4}：`);
    expect(replyTo(out, 'bob> queue')).toContain(`${ds2} · 开放属性评估 · 待数据提供单位重新评估开放属性 · DS-0002 公交客流刷卡明细 · 应于 2026-12-14（含当日）前办结`);
    // 15 working days, from the article they are borrowed from (no article sets days for a re-assessment).
    expect(replyTo(out, `bob> why ${ds2}`)).toContain('自 2026-11-23（当日不计入）起 15 个工作日，截止 2026-12-14 当日 24 时（Asia/Shanghai）。依据：泰安市 Z10, B12。');
    expect(replyTo(out, `bob> ${keep}`)).toBe(`${ds2} 已办理，当前状态：已评估，维持原属性。\n`);
    expect(replyTo(out, `bob> status ${ds2}`)).toContain('（说明：含持卡人出行轨迹，仍需限定用途）');
    expect(replyTo(out, `frank> ${change}`)).toMatch(/^已提交 C-\d{4}（开放属性调整）。当前环节：待主管部门审核/);
    // Applying to change the attribute is the re-assessment's outcome: its case ends, whatever the authority decides.
    const ended = replyTo(out, `frank> status ${ds4}`);
    expect(ended).toContain('状态：已终止（数据已下架或开放属性已调整）');
    expect(ended).toContain('Frank 周凡 已终止：数据已下架或开放属性已调整');

    // The next re-assessments count from 23 November 2026: a keep and an application that day.
    const nextYear = (await run(['duties', '--dry-run', '--at', '2027-11-22 10:00'], A_YEAR_ON)).stdout;
    expect(nextYear).not.toContain('W2R:');
    const due = (await run(['duties', '--dry-run', '--at', '2027-11-23 10:00'], A_YEAR_ON)).stdout.split('\n');
    expect(due).toContain('  W2R:DS-0002:2027-11-23：开放属性评估 DS-0002 公交客流刷卡明细（市交通运输局），2027-11-23 到期');
    expect(due).toContain('  W2R:DS-0004:2027-11-23：开放属性评估 DS-0004 重点排污单位在线监测（市生态环境局），2027-11-23 到期');
    // The platform's cases replay from the audit log like any other.
    const verified = await run(['audit', '--verify'], A_YEAR_ON);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });
});
