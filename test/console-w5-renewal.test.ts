// A W5 grant is renewed by a new application in its last 30 days, not before (the profile's W5.renewal_window_days);
// the refusal says from which day. And the S20 refusal: without its reasons it is not made, with reasons and basis it is.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const APPLY = (period: string) => `apply DS-0002 title="客流研究" reason="线网优化" type=api period=${period} result="研究报告" scenario="线网规划" commit=yes meets=yes`;

describe('console: renewing a W5 grant', () => {
  it('refuses a second application while the grant has more than 30 days to run, and takes it in the last 30', async () => {
    const url = tempDatabaseUrl();
    const at = (iso: string) => ({ DATABASE_URL: url, KAIFANG_NOW: iso });
    expect((await runInProcess(['seed', '--demo', '--no-cases'], at('2026-11-23T10:00:00+08:00'))).status).toBe(0);
    const granted = await runInProcess(
      ['console'],
      at('2026-11-23T10:00:00+08:00'),
      ['as alice', APPLY('2027-01-31'), 'as carol', 'approve C-0001', 'as bob', 'approve C-0001', 'as alice', '同意协议 C-0001', 'status C-0001', APPLY('2027-12-31'), ''].join('\n'),
    );
    expect(granted.status, granted.stderr).toBe(0);
    expect(granted.stdout).toContain('已授权：DS-0002 使用至 2027-01-31');
    // 2027-01-31 less 30 days: 2027-01-01 is the first day a renewal is taken.
    expect(granted.stdout).toContain('您已持有数据集 DS-0002 的有效授权（至 2027-01-31），无需重复申请；可于 2027-01-01 起（授权到期前 30 天内）申请续期。');

    const early = await runInProcess(['console'], at('2026-12-31T10:00:00+08:00'), ['as alice', APPLY('2027-12-31'), ''].join('\n'));
    expect(early.stdout).toContain('可于 2027-01-01 起（授权到期前 30 天内）申请续期。');
    const renewal = await runInProcess(['console'], at('2027-01-04T10:00:00+08:00'), ['as alice', APPLY('2027-12-31'), ''].join('\n'));
    // Meanwhile the demo's datasets fell due for their updates: the platform opened their W13 cases (C-0002…C-0005).
    expect(renewal.stdout).toMatch(/已提交 C-0006（有条件开放数据申请）/);
  });
});

describe('console: a W5 refusal needs its reasons and its legal basis (S20)', () => {
  it('asks for the reason a refusal lacks and decides nothing until both are given', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00' };
    expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
    const run = await runInProcess(
      ['console'],
      env,
      [
        'as alice',
        APPLY('2027-06-30'),
        'as carol',
        'approve C-0001',
        'as bob',
        'reject C-0001 法律依据="《中华人民共和国个人信息保护法》第十三条"',
        'status C-0001',
        '取消',
        'reject C-0001 法律依据="《中华人民共和国个人信息保护法》第十三条" 理由="所申请字段含乘客个人信息，超出开放条件"',
        'as alice',
        'status C-0001',
        '',
      ].join('\n'),
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('请填写「理由」');
    // While the reason is missing the case stays with the provider.
    expect(run.stdout).toMatch(/bob> status C-0001\n[^]*状态：提供单位审核中/);
    expect(run.stdout).toContain('C-0001 已办理，当前状态：不予开放。');
    expect(run.stdout).toMatch(/不同意开放。\n\s*理由：所申请字段含乘客个人信息，超出开放条件\n\s*依据：《中华人民共和国个人信息保护法》第十三条/);
  });
});
