// The console as a script drives it (piped input, run in this process): a pending form is never out of sight, help
// teaches a form's fields, a mistyped verb is answered with the nearest ones, messages held for working hours are
// listed one line each, and a new run does not replay an earlier run's backlog.
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { demoCity, MONDAY_10AM } from './support/console-city.ts';
import { tempDatabaseUrl } from './support/run-cli.ts';

const MONDAY_8PM = '2026-11-23T20:00:00+08:00';
const W5 = 'title="客流研究" reason="线网优化" type=api period=2027-06-30 result="研究报告" scenario="线网规划" commit=yes meets=yes';

/** The id of the case a reply says was just filed. */
const filed = (stdout: string): string => /已提交 (C-\d{4})/.exec(stdout)![1]!;

describe('a pending form is always visible', () => {
  it('ends a script inside a form with a line on stderr and status 1, keeps the form, and tells the next run', async () => {
    const { run } = await demoCity();
    const first = await run(['as alice', 'apply DS-0002 title="客流研究"', 'help', 'mine']);
    // help and mine inside the form are answered, then the question is asked again.
    expect(first.stdout).toContain('字段可写成 字段=值（含空格时加引号）；缺少的字段会逐项询问。\n您的表单仍在等待填写：（2/8）请填写「事由」');
    expect(first.stdout).toMatch(/alice> mine\n[^\n]*\n您的表单仍在等待填写：（2\/8）请填写「事由」/);
    expect(first.status).toBe(1);
    expect(first.stderr).toBe(
      'kaifang console：输入已结束，Alice 王丽（alice）的表单（有条件开放数据申请 DS-0002）仍未填完；表单已保存，下次运行 as alice 即可接着填写，或输入 cancel 放弃。\n',
    );

    // The next run: `as alice` says where she stopped; so does a run that starts as her.
    const next = await run(['as alice']);
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).toContain(
      '?> as alice\n当前身份：Alice 王丽（alice）\n您有一张未填完的表单（有条件开放数据申请 DS-0002），接着填写即可：\n（2/8）请填写「事由」：申请获取该数据的原因\n（输入「取消」可放弃）',
    );
    const asHer = await run(['线网优化', '取消'], ['--as', 'alice']);
    expect(asHer.stdout.split('\n')[0]).toBe('您有一张未填完的表单（有条件开放数据申请 DS-0002），接着填写即可：');
    expect(asHer.stdout).toContain('alice> 线网优化\n（3/8）请填写「申请类型」');
    expect(asHer.stdout).toContain('alice> 取消\n已取消，未做任何更改。');
    // Cancelled: the script ends with nothing open.
    expect(asHer.status, asHer.stderr).toBe(0);
    expect((await run(['as alice'])).stdout).not.toContain('未填完的表单');
  });

  it('says a decision waiting for its yes or no, and only for the people who typed in the run', async () => {
    const { run } = await demoCity();
    const id = filed((await run(['as alice', `apply DS-0002 ${W5}`])).stdout);
    const carol = await run(['as carol', `return ${id}`, '缺少场景说明', 'as bob', 'queue']);
    expect(carol.status).toBe(1);
    expect(carol.stderr).toBe(
      `kaifang console：输入已结束，Carol 李卡（carol）的表单（退回补正 ${id}）仍未填完；表单已保存，下次运行 as carol 即可接着填写，或输入 cancel 放弃。\n`,
    );
    expect((await run(['as carol'])).stdout).toContain(`您有一张未填完的表单（退回补正 ${id}），接着填写即可：\n退回 ${id}，内容如下：\n  退回理由：缺少场景说明\n确认请回复“是”，放弃请回复“否”。`);
  });
});

describe('help that teaches the fields', () => {
  it('lists the fields of apply with labels, keys, need and hints, and an example that works as typed', async () => {
    const { run } = await demoCity();
    const help = await run(['as alice', 'help apply']);
    expect(help.stdout).toContain('  申请类型（type）· 必填：数据集为下载文件，接口为调用数据接口 可选：数据集 / 接口');
    const example = /示例：\n {2}(apply [^\n]+)/.exec(help.stdout)![1]!;
    const tried = await run(['as alice', example]);
    expect(tried.stdout).toMatch(/已提交 C-\d{4}（有条件开放数据申请）/);
    expect(tried.status, tried.stderr).toBe(0);
  });

  it('answers a mistyped verb with the nearest ones and runs nothing', async () => {
    const { run } = await demoCity();
    const id = filed((await run(['as alice', `apply DS-0002 ${W5}`])).stdout);
    const typo = await run(['as carol', `aprove ${id}`, 'queue', 'stauts', '通苟']);
    expect(typo.stdout).toContain(`carol> aprove ${id}\n无法识别的命令「aprove」。您是不是要输入：approve？输入 help 查看可用命令。`);
    expect(typo.stdout).toContain(`${id} · 有条件开放数据申请 · 形式审核中`);
    expect(typo.stdout).toContain('无法识别的命令「stauts」。您是不是要输入：status');
    expect(typo.stdout).toContain('无法识别的命令「通苟」。您是不是要输入：通过');
  });
});

describe('messages held for working hours', () => {
  it('are listed one line each, with whom and when, and a new run counts them once instead of replaying them', async () => {
    const { run } = await demoCity({ KAIFANG_NOW: MONDAY_8PM });
    const evening = await run(['as alice', `apply DS-0002 ${W5}`]);
    const id = filed(evening.stdout);
    expect(evening.stdout).toContain(
      '  ⏸ 致 Alice 王丽（alice）的消息须在工作时间发送，将于 2026-11-24 09:00 发出。\n  ⏸ 致 Carol 李卡（carol）的消息须在工作时间发送，将于 2026-11-24 09:00 发出。',
    );
    expect(evening.stdout).not.toContain('✉ 致 Carol');

    // An unrelated refusal in the next run is not followed by the earlier run's messages.
    const later = await run(['as erin', `apply DS-0002 ${W5}`]);
    expect(later.stdout.split('\n')[0]).toBe('  ⏸ 此前已有 2 条消息等待工作时间发送，最早将于 2026-11-24 09:00 发出（npx kaifang outbox 可查看）。');
    expect(later.stdout).not.toContain('致 Carol 李卡（carol）的消息');
    expect(later.stdout).toMatch(/erin> apply DS-0002 [^\n]*\n[^\n]*实名/);
    expect(later.stdout.split('\n').filter((l) => l.includes('⏸'))).toHaveLength(1);
    expect(id).toMatch(/^C-\d{4}$/);
  });

  it('go out at the start of a run in working hours, before anyone types, not after the first command', async () => {
    const { env } = await demoCity({ KAIFANG_NOW: MONDAY_8PM });
    await runInProcess(['console'], env, `as alice\napply DS-0002 ${W5}\n`);
    const morning = await runInProcess(['console'], { ...env, KAIFANG_NOW: '2026-11-24T09:30:00+08:00' }, 'as erin\nmine\n');
    const lines = morning.stdout.split('\n');
    expect(lines[0]).toMatch(/^ {2}✉ 致 Alice 王丽（alice）：/);
    const carol = lines.findIndex((l) => l.startsWith('  ✉ 致 Carol 李卡（carol）：'));
    expect(carol).toBeGreaterThan(0);
    expect(lines.indexOf('?> as erin')).toBeGreaterThan(carol);
    expect(morning.stdout.slice(morning.stdout.indexOf('?> as erin'))).not.toContain('✉');
  });
});

describe('what the bugs seen now say', () => {
  it('tells the assignee who nudges their own task that they owe it, and refuses a reassignment to the holder', async () => {
    const env = { DATABASE_URL: tempDatabaseUrl(), KAIFANG_NOW: MONDAY_10AM, KAIFANG_LOCALE: 'zh-CN' };
    expect((await runInProcess(['seed', '--demo'], env)).status).toBe(0);
    // The demo's C-0002: erin's objection, overdue at 市交通运输局 (bob and grace).
    const run = await runInProcess(['console'], env, ['as bob', 'nudge C-0002', 'as dave', 'reassign C-0002 grace', 'reassign C-0002 grace', 'status C-0002', ''].join('\n'));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('bob> nudge C-0002\nC-0002 正由您办理，无需催办：请直接办理（通过、退回或不予通过）；输入“进度 C-0002”可查看办理期限。');
    expect(run.stdout).toContain('dave> reassign C-0002 grace\n已将 C-0002 转交市交通运输局的 Grace 吴佳 办理');
    expect(run.stdout).toContain('dave> reassign C-0002 grace\nC-0002 已由 Grace 吴佳 办理，无需重复转办。');
    // The history names each step in words: no locale key.
    const history = run.stdout.slice(run.stdout.indexOf('dave> status C-0002'));
    expect(history).toContain('转办');
    expect(history).not.toMatch(/actions\.[a-z]/);
  });

  it('words a reminder by the day it goes out: a week after its deadline it says how late, not "due today"', async () => {
    const { env, run } = await demoCity();
    const id = filed((await run(['as alice', `apply DS-0002 ${W5}`])).stdout);
    // Nobody ran the bot for two weeks: the reminders it owes carol go out as the console opens, each as of today.
    const late = await runInProcess(['console'], { ...env, KAIFANG_NOW: '2026-12-07T10:00:00+08:00' }, 'as carol\nqueue\n');
    const toCarol = late.stdout.split('\n').filter((l) => l.startsWith('  ✉ 致 Carol 李卡（carol）：'));
    expect(toCarol.length).toBeGreaterThan(0);
    for (const line of toCarol) {
      expect(line).toContain(id);
      expect(line).toMatch(/超期 5 个工作日/);
      expect(line).not.toMatch(/今天|还剩/);
    }
  });
});
