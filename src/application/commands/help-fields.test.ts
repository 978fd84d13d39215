// `help <verb>` teaches a form: every field with its label, key, whether it is required and its hint, then example
// lines — and each example, typed as it stands by the person it is meant for, does what it says without a question.
// A word that is no command is answered with the nearest commands, and nothing is run.
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/create-memory-store.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { Locale } from '../../domain/model.ts';
import { WORKFLOWS } from '../../domain/workflows/registry.ts';
import { fixedClock, openApp } from '../../main.ts';
import { seedDemo } from '../seed/seed-demo.ts';

const MONDAY_10AM_SHANGHAI = new Date('2026-11-23T02:00:00Z');

async function world(locale: Locale) {
  const store = createMemoryStore();
  const app = await openApp(loadConfig({}), { store, clock: fixedClock(MONDAY_10AM_SHANGHAI) });
  await seedDemo(store);
  for (const u of await store.users.list()) await store.users.setLocale(u.id, locale);
  const say = async (userId: string, text: string) => (await app.handler.handle({ channel: 'console', userId, text })).join('\n');
  return { app, store, say };
}

const W5 = 'title="Ridership study" reason="Network planning" type=api period=2027-06-30 result="A report" scenario="Route planning" commit=yes meets=yes';

/** The cases the examples name: C-0001 an application (W5) by alice, C-0003 an objection (W7) to bob's DS-0001; a rectification (W9) is C-0004. */
async function casesOfTheExamples(locale: Locale) {
  const w = await world(locale);
  await w.say('alice', `apply DS-0002 ${W5}`);
  await w.say('alice', 'object DS-0004 The station list is out of date');
  await w.say('alice', 'object DS-0001 Stop 12 is misplaced');
  return w;
}

type World = Awaited<ReturnType<typeof world>>;

/** C-0001 through both reviews and accepted: alice holds grant G-0001 on DS-0002. */
async function grantToAlice(w: World) {
  await w.say('carol', 'approve C-0001');
  await w.say('bob', 'approve C-0001');
  await w.say('alice', 'accept C-0001');
}

/** A rights complaint (W8) by erin, who is not verified, on bob's DS-0001: C-0004. */
const complained = (w: World) => w.say('erin', 'complain DS-0001 kind=privacy text="The stop counts identify single travellers"');

/** Who types each verb's example, on a case in the state the example is for. */
const EXAMPLES: Record<string, { who: string; before?: (w: World) => Promise<unknown> }> = {
  submit: { who: 'bob' },
  apply: { who: 'alice' },
  object: { who: 'alice' },
  request: { who: 'alice' },
  delist: { who: 'bob' },
  // DS-0001 is bob's unconditional data: the example makes it conditional, with a reason (Tai'an, T8).
  attribute: { who: 'bob' },
  approve: { who: 'bob', before: (w) => w.say('carol', 'approve C-0001') },
  return: { who: 'carol' },
  reject: { who: 'bob', before: (w) => w.say('carol', 'approve C-0001') },
  accept: { who: 'alice', before: async (w) => (await w.say('carol', 'approve C-0001'), await w.say('bob', 'approve C-0001')) },
  resubmit: { who: 'alice', before: (w) => w.say('carol', 'return C-0001 reasons="The scenario is vague"') },
  resolve: { who: 'bob' },
  dismiss: { who: 'bob' },
  extend: { who: 'bob' },
  // W9: authority staff open the task on bob's DS-0001; bob reports on it (C-0004, after the three cases above).
  rectify: { who: 'carol' },
  report: { who: 'bob', before: (w) => w.say('carol', 'rectify DS-0001 problems="Wrong coordinates"') },
  // W3: bob files a change of his DS-0001 at once; carol records a trigger on it or on his transport bureau; bob files
  // on the bureau's (C-0004), naming DS-0001.
  amend: { who: 'bob' },
  trigger: { who: 'carol' },
  file: { who: 'bob', before: (w) => w.say('carol', 'trigger transport reason="The transport bureau\'s duties changed" on=2026-11-16') },
  // W13: bob's monthly DS-0001, last updated on 1 October, is due: the platform opens its update (C-0004); bob records it.
  updated: {
    who: 'bob',
    before: async (w) => {
      await w.store.datasets.setLastUpdated('DS-0001', '2026-10-01');
      await w.app.duties.open(w.app.clock.now());
    },
  },
  // W8: erin, not verified, complains about bob's DS-0001 (C-0004); bob withdraws it, or treats it and keeps it open.
  complain: { who: 'erin' },
  withdraw: { who: 'bob', before: complained },
  reopen: { who: 'bob', before: complained },
  // W10: alice's application C-0001 gets through and she holds grant G-0001; bob spot-checks it (C-0004) and ends it.
  spotcheck: { who: 'bob', before: grantToAlice },
  suspend: { who: 'bob', before: async (w) => (await grantToAlice(w), await w.say('bob', 'spotcheck G-0001 ask="Call logs"')) },
  // W14: alice submits a product built on bob's DS-0001 and the ecology bureau's DS-0003.
  result: { who: 'alice' },
  // W12: the platform asks every provider for its 2027 plan on 1 March; bob files the transport bureau's.
  plan: { who: 'bob', before: (w) => w.app.duties.open(new Date('2027-03-01T02:00:00Z')) },
  // W2S: bob's DS-0001, shared unconditionally, is to be shared on conditions.
  sharing: { who: 'bob' },
  // W11: frank, at the ecology bureau, applies to share bob's conditional DS-0002 (C-0004); carol passes it, bob refuses
  // it with two reasons, and frank asks for coordination.
  share: { who: 'frank' },
  dispute: {
    who: 'frank',
    before: async (w) => {
      await w.say('frank', 'share DS-0002 duty="Monitoring traffic emissions" scenario="Emission model" commit=yes');
      await w.say('carol', 'approve C-0004');
      await w.say('bob', 'reject C-0004 reasons="The taps identify travellers; the scenario needs no stop detail" basis="PIPL art. 34"');
    },
  },
  // W2R: bob's conditional DS-0002, its attribute last set on 1 November 2025, is due for re-assessment; bob keeps it.
  // W8: bob keeps DS-0001 open after verifying erin's complaint (C-0004, filed before the re-assessment opens).
  keep: {
    who: 'bob',
    before: async (w) => {
      await complained(w);
      await w.store.datasets.setAttributeAssessed('DS-0002', '2025-11-01');
      await w.app.duties.open(w.app.clock.now());
    },
  },
};

describe('help <verb>', () => {
  it('lists every field of the form with its Chinese label, key, need and hint, and an example line', async () => {
    const { say } = await world('zh-CN');
    const help = (await say('alice', 'help apply')).split('\n');
    expect(help[0]).toMatch(/^apply 申请 <数据集编号>/);
    expect(help[1]).toBe('表单字段（写成 字段=值，中文或英文字段名均可；未写的逐项询问）：');
    expect(help).toContain('  标题（title）· 必填：申请标题，如“城市交通流量分析”');
    expect(help).toContain('  申请类型（type）· 必填：数据集为下载文件，接口为调用数据接口 可选：数据集 / 接口');
    expect(help.filter((l) => /^ {2}\S+（[a-z]+）· /.test(l))).toHaveLength(WORKFLOWS.get('W5')!.form.order.length);
    expect(help.at(-2)).toBe('示例：');
    expect(help.at(-1)).toMatch(/^ {2}apply DS-0002 标题=/);
    expect(await say('alice', 'help 申请')).toBe(help.join('\n'));
  });

  it('says which fields are optional and which are asked only in some cases', async () => {
    const { say } = await world('en');
    const submit = await say('bob', 'help submit');
    expect(submit).toContain('  name (Name), required: ');
    expect(submit).toContain('  conditions (Conditions), required in some cases: ');
    const approve = await say('bob', 'help approve');
    expect(approve).toContain('Fields for Conditional data application:');
    expect(approve).toContain('  until (Period granted), optional: YYYY-MM-DD, no later than the period applied for');
    expect(await say('alice', 'help resubmit')).toContain('Any field of the original form may be changed; see help submit, help apply, help object, help share, help result.');
    // A verb that fills no form has no field list and no example.
    expect(await say('alice', 'help nudge')).not.toContain('Examples:');
  });

  it('has an example for every verb that fills a form, and nothing else to explain', async () => {
    const { app } = await world('en');
    const formVerbs = app.handler.verbs.verbs.filter((v) => WORKFLOWS.starting(v) || WORKFLOWS.actionVerbs.includes(v));
    expect(Object.keys(EXAMPLES).sort()).toEqual([...formVerbs].sort());
  });

  describe.each(['zh-CN', 'en'] as const)('in %s, every example typed as shown', (locale) => {
    it.each(Object.keys(EXAMPLES))('%s does what it says without asking anything', async (verb) => {
      const help = (await (await world(locale)).say('alice', `help ${verb}`)).split('\n');
      const examples = help.slice(help.findIndex((l) => l === '示例：' || l === 'Examples:') + 1).map((l) => l.trim());
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        const w = await casesOfTheExamples(locale);
        const { who, before } = EXAMPLES[verb]!;
        await before?.(w);
        const cases = await w.store.cases.list();
        const versions = cases.map((c) => c.version);
        const reply = await w.say(who, example);
        expect({ example, reply }).toEqual({ example, reply: expect.stringMatching(/^(已提交 C-\d{4}|Received C-\d{4}|C-\d{4} 已办理|C-\d{4} done)/) });
        const after = await w.store.cases.list();
        expect(after.length > cases.length || after.some((c, i) => c.version !== versions[i])).toBe(true);
      }
    });
  });
});

describe('a word that is no command', () => {
  it('is answered with the nearest commands, and nothing is run', async () => {
    const { say, store } = await casesOfTheExamples('zh-CN');
    const before = await store.cases.get('C-0001');
    expect(await say('carol', 'aprove C-0001')).toBe('无法识别的命令「aprove」。您是不是要输入：approve？输入 help 查看可用命令。');
    expect(await store.cases.get('C-0001')).toEqual(before);
    expect(await say('carol', 'help aprove')).toBe('无法识别的命令「aprove」。您是不是要输入：approve？输入 help 查看可用命令。');
    expect(await say('carol', 'frobnicate')).toBe('无法识别的命令「frobnicate」。输入 help 查看可用命令。');
  });
});

describe('a form confirmed whole before it is filed (confirmEveryForm, a chat on a phone)', () => {
  it('shows the summary, takes field=value edits, files on yes and drops on no', async () => {
    const { app, store } = await world('en');
    const say = async (text: string) => (await app.handler.handle({ channel: 'telegram', userId: 'alice', text, confirmEveryForm: true })).join('\n');
    const summary = await say(`apply DS-0002 ${W5}`);
    expect(summary).toMatch(/^Conditional data application DS-0002 with:\n {2}Title: Ridership study\n/);
    expect(summary).toContain('Answer yes to submit it, or no to drop it; to change a field, answer field=value.');
    expect(await store.cases.list()).toEqual([]);
    expect(await app.handler.awaiting({ channel: 'telegram', userId: 'alice' })).toEqual({ kind: 'confirmation' });

    const changed = await say('title="Bus ridership study" type=dataset');
    expect(changed).toContain('  Title: Bus ridership study');
    expect(changed).toContain('  Type: Dataset');
    expect(await say('period=yesterday')).toMatch(/^Usage period is not valid: /);
    expect(await say('yes')).toMatch(/^Received C-0001 \(Conditional data application\)/);
    expect((await store.cases.get('C-0001'))?.data).toMatchObject({ application: { title: 'Bus ridership study', type: 'dataset' } });

    await say(`apply DS-0002 ${W5}`);
    expect(await say('no')).toBe('Cancelled; nothing was changed.');
    expect(await store.cases.list()).toHaveLength(1);
  });

  it('says what a field waits for: its choices as buttons, a yes for a confirmation, nothing for typed text', async () => {
    const { app } = await world('zh-CN');
    const say = (text: string) => app.handler.handle({ channel: 'telegram', userId: 'alice', text, confirmEveryForm: true });
    const awaiting = () => app.handler.awaiting({ channel: 'telegram', userId: 'alice' });
    expect(await awaiting()).toBeNull();
    await say('apply DS-0002 title=研究 reason=规划');
    expect(await awaiting()).toEqual({ kind: 'field', field: 'type', choices: [{ value: 'dataset', label: '数据集' }, { value: 'api', label: '接口' }] });
    await say('api');
    expect(await awaiting()).toEqual({ kind: 'field', field: 'period', choices: [] });
    await say('period=2027-06-30 result=报告 scenario=规划');
    expect(await awaiting()).toEqual({ kind: 'field', field: 'commit', choices: [{ value: 'yes', label: '是，确认' }] });
  });
});
