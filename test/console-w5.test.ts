// The acceptance script for W5: an application end to end through `npx kaifang console`, the return-and-resubmit
// path, a refusal without a legal basis being refused, and `cases --json` agreeing with what the chat said.
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDatabaseUrl, type CliRun } from './support/run-cli.ts';

// Monday 23 November 2026, 10:00 in Shanghai.
const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: '2026-11-23T10:00:00+08:00' };

const APPLY = 'title="公交客流研究" reason="优化公交线网" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

const script = `
as alice
datasets
apply DS-0002 ${APPLY}
status C-0001
as carol
queue
approve C-0001
as bob
queue
approve C-0001
as alice
status C-0001
同意协议 C-0001
status C-0001
apply DS-0002
apply DS-0004 title="第二个申请" reason="研究"
type=dataset
2027-12-31
研究报告
公交优化
是
是
as carol
return C-0002 reasons="缺少使用场景说明；成果形式不清楚"
as alice
status C-0002
resubmit C-0002 scenario="公交线网优化与站点布局" result="研究报告与可视化图表"
as carol
reject C-0002 理由="不符合开放条件"
取消
reject C-0002 basis=""
取消
status C-0002
as frank
approve C-0002
as erin
apply DS-0002
`;

describe('console: W5 end to end', () => {
  let seed: CliRun;
  let chat: CliRun;
  let cases: Array<Record<string, any>>;

  beforeAll(() => {
    seed = runCli(['seed', '--demo', '--no-cases'], { env });
    chat = runCli(['console'], { env, input: script });
    const exported = runCli(['cases', '--json'], { env });
    expect(exported.status, exported.stderr).toBe(0);
    cases = JSON.parse(exported.stdout);
  });

  it('seeds the demo data', () => {
    expect(seed.status, seed.stderr).toBe(0);
    expect(chat.status, chat.stderr).toBe(0);
    expect(chat.stdout).toContain('DS-0002 · 公交客流刷卡明细 · 有条件开放 · 市交通运输局');
  });

  it('runs alice → carol (formal review) → bob (provider review) → grant', () => {
    const out = chat.stdout;
    // Formal review: 5 working days from Mon 23 Nov (not counted) → Mon 30 Nov.
    expect(out).toContain('已提交 C-0001（有条件开放数据申请）。当前环节：形式审核中，应于 2026-11-30（含当日）前办结。');
    // Provider review: 10 working days → Mon 7 Dec.
    expect(out).toMatch(/C-0001 已办理，当前状态：[^，]*提供单位审核[^，]*，应于 2026-12-07（含当日）前办结。/);
    // The provider's approval offers the agreement; only the applicant's acceptance grants access (T15(三), S21).
    expect(out).toMatch(/C-0001 已办理，当前状态：待申请人同意《公共数据开放利用协议》。/);
    expect(out).toMatch(/请阅读并确认《公共数据开放利用协议》（AG-C-0001[\s\S]*不得以任何形式提供给第三方/);
    expect(out).toMatch(/状态：待申请人同意《公共数据开放利用协议》/);
    expect(out).toMatch(/您已同意《公共数据开放利用协议》AG-C-0001，协议成立/);
    expect(out).toMatch(/已授权：DS-0002 使用至 2027-06-30（《公共数据开放利用协议》AG-C-0001）/);
    expect(out).not.toMatch(/签订/);
    // The applicant heard of every step.
    expect(out.match(/✉ 致 Alice 王丽（alice）/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('asks missing fields one at a time, then returns with every reason and takes a resubmission', () => {
    const out = chat.stdout;
    expect(out).toContain('（3/8）请填写「');
    expect(out).toMatch(/已提交 C-0002/);
    expect(out).toContain('1. 缺少使用场景说明');
    expect(out).toContain('2. 成果形式不清楚');
  });

  it('refuses a refusal without a legal basis and changes nothing', () => {
    const out = chat.stdout;
    expect(out).toContain('请填写「法律依据」');
    expect(out).toContain('已取消，未做任何更改。');
    expect(out).toContain('缺少「法律依据」');
    const c2 = cases.find((c) => c.id === 'C-0002');
    expect(c2?.state).toBe('formal_review');
  });

  it('keeps each agency to its own tasks, unverified users out, and a granted applicant from applying twice', () => {
    expect(chat.stdout).toContain('C-0002 不由贵单位办理，无权处理。');
    expect(chat.stdout).toContain('您已持有数据集 DS-0002 的有效授权（至 2027-06-30），无需重复申请；可于 2027-05-31 起（授权到期前 30 天内）申请续期。');
    expect(chat.stdout).toContain('申请有条件开放数据须先完成实名认证');
  });

  it('exports the same states as JSON', () => {
    expect(cases.map((c) => [c.id, c.workflow, c.state])).toEqual([
      ['C-0001', 'W5', 'approved'],
      ['C-0002', 'W5', 'formal_review'],
    ]);
    const [c1, c2] = cases;
    expect(c1).toMatchObject({ applicant: 'alice', dataset: 'DS-0002', assignee: null, dueOn: null, provisional: false });
    expect(c2).toMatchObject({
      applicant: 'alice',
      dataset: 'DS-0004',
      assignee: { agencyId: 'bdb', agency: '市大数据局', role: 'reviewer' },
      dueOn: '2026-11-30',
      provisional: false,
    });
  });
});
