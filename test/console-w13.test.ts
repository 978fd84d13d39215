// W13 as an operator and a provider meet it, through the CLI in this process: the demo's monthly DS-0001 published on
// Wednesday 14 October falls due a month later; `duties --dry-run` lists it before it opens, the round opens it once,
// and 40 days after its last update it is in `stale` and its provider's officers have reminders in `reminders --dry-run`.
import { describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import { runInProcess } from './support/cli-in-process.ts';
import { replyTo } from './support/console-city.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const PUBLISHED = '2026-10-14T10:00:00+08:00';
const DUE = '2026-11-14T10:00:00+08:00';
/** 40 days after the last update, a Monday in working hours. */
const FORTY_DAYS = '2026-11-23T10:00:00+08:00';

async function w13Cases(url: string) {
  const store = await createPrismaStore({ url });
  try {
    return (await store.cases.list({ workflow: 'W13' })).map((c) => `${c.id} ${c.datasetId} ${c.state}`);
  } finally {
    await store.close();
  }
}

describe('W13 data freshness from the console', () => {
  it('lists the duty before it opens, opens it once, and a month late it is stale with reminders for its provider', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input = '', extra: Record<string, string> = {}) => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now, ...extra }, input);
    expect((await run(['seed', '--demo', '--no-cases'], PUBLISHED)).status).toBe(0);

    // A day before it falls due: nothing; looking ahead to the day: DS-0001 (and the weekly-checked daily feeds).
    expect((await run(['duties', '--dry-run', '--at', '2026-10-20 10:00'], PUBLISHED)).stdout).toBe('2026-10-20 10:00（Asia/Shanghai）：没有待发起的事项。\n');
    const ahead = await run(['duties', '--dry-run', '--at', '2026-11-14 10:00'], PUBLISHED);
    expect(ahead.status, ahead.stderr).toBe(0);
    const lines = ahead.stdout.split('\n');
    expect(lines[0]).toBe('2026-11-14 10:00（Asia/Shanghai）：将发起 4 项：');
    expect(lines).toContain('  W13:DS-0001:2026-11-14：数据更新 DS-0001 公交线路与站点（市交通运输局），2026-11-14 到期');
    expect(lines).toContain('演练：未发起任何事项。');
    expect(await w13Cases(url)).toEqual([]);
    const en = await run(['duties', '--dry-run', '--json', '--at', '2026-11-14 10:00'], PUBLISHED, '', { KAIFANG_LOCALE: 'en' });
    expect(JSON.parse(en.stdout).duties[0]).toEqual({
      key: 'W13:DS-0001:2026-11-14',
      workflow: 'W13',
      datasetCode: 'DS-0001',
      datasetName: '公交线路与站点',
      agency: '市交通运输局',
      opensOn: '2026-11-14',
    });
    // Without --dry-run or --open it refuses, and opens nothing.
    expect((await run(['duties'], DUE)).status).toBe(64);

    // On the day (a Saturday: duties open whatever the day, their messages wait for working hours): opened once.
    const opened = await run(['duties', '--open'], DUE);
    expect(opened.stdout.split('\n')).toContain('  C-0001：W13:DS-0001:2026-11-14');
    expect((await run(['duties', '--open'], DUE)).stdout).toBe('已发起 0 项：\n');
    expect((await run(['duties', '--dry-run'], DUE)).stdout).toBe('2026-11-14 10:00（Asia/Shanghai）：没有待发起的事项。\n');
    expect(await w13Cases(url)).toContain('C-0001 DS-0001 update_due');

    // 40 days after the last update, its 5 working days (to Friday 20 November) have run out: the provider's officers
    // have their reminders.
    const reminders = await run(['reminders', '--dry-run'], FORTY_DAYS);
    expect(reminders.status, reminders.stderr).toBe(0);
    expect(reminders.stdout).toMatch(/事项 C-0001 · .* → Bob 陈波（bob）/);
    expect(reminders.stdout).toMatch(/事项 C-0001 · .* → Grace 吴佳（grace）/);
    expect(reminders.stdout).toContain('提醒：事项 C-0001（待数据提供单位更新数据）应于 2026-11-20（含当日）前办结');

    // The provider's officer sees it in stale (their agency's only); the authority sees every late dataset; bob
    // records the update and it leaves the list.
    const chat = await run(['console'], FORTY_DAYS, 'as bob\nstale\nas carol\n待更新\nas bob\n已更新 DS-0001 更新日期=2026-11-22\nstale\n');
    expect(chat.status, chat.stderr).toBe(0);
    const out = chat.stdout;
    expect(out).toContain('bob> stale\n未按更新频率更新的数据集（2），逾期最久的在前：\n• DS-0002 ');
    expect(out).toContain('• DS-0001 公交线路与站点（市交通运输局）：每月，上次更新 2026-10-14，应于 2026-11-14 更新，已逾期 9 天 · C-0001');
    expect(out).toContain('carol> 待更新\n未按更新频率更新的数据集（4），逾期最久的在前：');
    expect(out).toMatch(/bob> 已更新 DS-0001 更新日期=2026-11-22\nC-0001 /);
    expect(out).toMatch(/bob> stale\n未按更新频率更新的数据集（1），逾期最久的在前：\n• DS-0002 [^\n]*\n/);
    expect(await w13Cases(url)).toContain('C-0001 DS-0001 updated');
    // The platform's cases replay from the audit log like any other.
    const verified = await run(['audit', '--verify'], FORTY_DAYS);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });

  it('a provider who updates before it is asked records it all the same: the next update counts from that day', async () => {
    const url = tempDatabaseUrl();
    const run = (args: string[], now: string, input = '') => runInProcess(args, { DATABASE_URL: url, KAIFANG_NOW: now }, input);
    expect((await run(['seed', '--demo', '--no-cases'], PUBLISHED)).status).toBe(0);
    const TEN_DAYS_ON = '2026-10-26T10:00:00+08:00';
    // The console's first round opens the daily feeds' duties (C-0001..C-0003, a week after publication); DS-0001,
    // monthly, is not due before 14 November.
    const chat = await run(['console'], TEN_DAYS_ON, 'as carol\nupdated DS-0001\nas bob\nupdated DS-0001 on=2026-10-27\n已更新 DS-0001 更新日期=2026-10-24\nstatus C-0004\n');
    expect(chat.status, chat.stderr).toBe(0);
    // Only the provider's officers record an update; a day to come is refused, and nothing is recorded.
    expect(replyTo(chat.stdout, 'carol> updated DS-0001')).toBe('您的角色不能办理此事项。\n');
    expect(replyTo(chat.stdout, 'bob> updated DS-0001 on=2026-10-27')).toBe('更新日期 2026-10-27 不可用：不能晚于今日（2026-10-26），也不能早于上次更新（2026-10-14）。未记录。\n');
    expect(replyTo(chat.stdout, 'bob> 已更新 DS-0001 更新日期=2026-10-24')).toBe('已办理 C-0004（数据更新），当前状态：已更新。\n');
    expect(replyTo(chat.stdout, 'bob> status C-0004')).toContain('（更新日期：2026-10-24）');
    expect(await w13Cases(url)).toContain('C-0004 DS-0001 updated');
    expect((await w13Cases(url)).filter((c) => c.includes('DS-0001'))).toHaveLength(1);
    // Monthly DS-0001 is due a month after 24 October, no longer on 14 November.
    const dryRun = (at: string) => run(['duties', '--dry-run', '--at', at], TEN_DAYS_ON).then((r) => r.stdout);
    expect(await dryRun('2026-11-14 10:00')).not.toContain('W13:DS-0001');
    expect(await dryRun('2026-11-24 10:00')).toContain('  W13:DS-0001:2026-11-24：数据更新 DS-0001 公交线路与站点（市交通运输局），2026-11-24 到期');
    const verified = await run(['audit', '--verify'], TEN_DAYS_ON);
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
  });
});
