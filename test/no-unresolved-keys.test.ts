// No reply says a locale key instead of words: every command of the chat, walked through each workflow and the
// platform's own actions (nudge, reassign, delegate, digest, the history of each case), in both languages.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const APPLY = 'apply DS-0002 title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

const SCRIPT = [
  'as alice',
  'help',
  'help apply',
  'datasets',
  'datasets 公交',
  'dataset DS-0002',
  APPLY,
  'status C-0001',
  'why C-0001',
  'nudge C-0001',
  'mine',
  'as dave',
  'overdue',
  'reassign C-0001 carol',
  'queue',
  'as carol',
  'queue',
  'return C-0001 reasons="缺少场景说明；成果形式不清楚"',
  'as alice',
  'status C-0001',
  'resubmit C-0001 scenario="线网规划研究"',
  'as carol',
  'approve C-0001',
  'delegate dave 2026-11-23 2026-11-30',
  'delegate',
  'delegate off',
  'digest',
  'digest on',
  'digest off',
  'as bob',
  'approve C-0001 scope="仅限线网规划研究" until=2027-03-31',
  'as alice',
  'status C-0001',
  'accept C-0001',
  'status C-0001',
  'object DS-0001 建议 增加站点经纬度',
  'object DS-0001 站点坐标有误',
  'as bob',
  'extend C-0003 days=5 reason="需现场核实" consulted=yes agreed="提出人同意"',
  'as carol',
  'approve C-0003',
  'as bob',
  'approve C-0003',
  'resolve C-0003 已更正第3行坐标',
  'dismiss C-0002 basis="与原始记录一致" reason="建议已在计划中"',
  'submit name="到站预测" summary="各站到站时间" fields="线路、站点" attribute=conditional conditions="限科研" fair=yes formats=API type=api frequency=irregular security=yes',
  'as carol',
  'reject C-0004 basis="《数据安全法》第二十一条" reason="未分级"',
  'as frank',
  'delist DS-0003 reason="站点迁移"',
  'as carol',
  'approve C-0005',
  // W2: alice's grant on DS-0002 ends as it is closed; an upgrade of DS-0004 refused.
  'as bob',
  'attribute DS-0002 to=closed basis="《数据安全法》第二十一条" reason="涉及商业秘密"',
  'as frank',
  'attribute DS-0004 to=unconditional reason="已脱敏" enabler=desensitised',
  'as carol',
  'approve C-0006',
  'reject C-0007 basis="《数据安全法》第二十一条" reason="脱敏不充分"',
  'as bob',
  'status C-0006',
  'dataset DS-0002',
  'as frank',
  'status C-0007',
  'as alice',
  'status C-0002',
  'status C-0003',
  'status C-0004',
  'status C-0005',
  'why C-0003',
  'aprove C-0001',
  'lang en',
  'status C-0001',
  '',
].join('\n');

const UNRESOLVED = /\b(?:actions|notify|commands|forms|states|errors|common|chat|cli|calendar|console|slack)\.[A-Za-z_]\w*(?:\.\w+)*/g;

describe('no reply shows a locale key', () => {
  it.each(['zh-CN', 'en'])('%s', async (locale) => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00', KAIFANG_LOCALE: locale };
    expect((await runInProcess(['seed', '--demo', '--no-cases'], env)).status).toBe(0);
    const run = await runInProcess(['console'], env, SCRIPT);
    expect(run.status, run.stderr).toBe(0);
    // The walk got where it meant to: each case was created and decided.
    expect(run.stdout).toContain('C-0005');
    expect(run.stdout).toMatch(/C-0007 .*(?:不予调整|not approved)/);
    expect(run.stdout.match(UNRESOLVED) ?? []).toEqual([]);
  });
});
