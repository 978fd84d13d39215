// `kaifang profile [city] [--json]`, and the operator's profile file (KAIFANG_PROFILE_FILE): values changed with their
// source, an optional step left out, every mistake refused naming its line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from './support/cli-in-process.ts';
import { applyOverrides, parseProfileFile } from '../src/domain/policy/profile-overrides.ts';
import { PROFILES } from '../src/domain/policy/profiles.ts';
import { WORKFLOWS } from '../src/domain/workflows/registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'kaifang-profile-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** The lines of one workflow's block in `profile`'s output. */
function block(out: string, workflow: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`${workflow} `));
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('  '));
  return rest.slice(0, end === -1 ? undefined : end);
}

describe('kaifang profile', () => {
  it('guangzhou: W5 has one step, the provider review, 20 working days, G(二)3', async () => {
    const run = await runInProcess(['profile', 'guangzhou'], { KAIFANG_LOCALE: 'en' });
    expect(run.status, run.stderr).toBe(0);
    expect(block(run.stdout, 'W5')).toEqual(['  1. provider review (provider_review) · provider · 20 working days · G(二)3']);
  });

  it('in Chinese, Tai’an’s W7 takes Suzhou’s 5 working days and says so', async () => {
    const run = await runInProcess(['profile', 'taian'], {});
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('泰安市（taian）');
    expect(block(run.stdout, 'W7')[0]).toBe('  1. 处理并反馈（handling）· 数据提供单位 · 5 个工作日 · 依据 T17 · 时限依据 S10 (T17 sets no days)');
    expect(block(run.stdout, 'W5')).toEqual([
      '  1. 形式审核（formal_review）· 主管部门 · 5 个工作日 · 依据 T15(二)',
      '  2. 提供单位审核（provider_review）· 数据提供单位 · 10 个工作日 · 依据 T15(二)',
    ]);
  });

  it('suzhou: the authority’s step is an acceptance that only checks completeness (S20)', async () => {
    const run = await runInProcess(['profile', 'suzhou'], {});
    expect(block(run.stdout, 'W5')[0]).toMatch(/^ {2}1\. 受理（材料齐全性审查）（formal_review）· 主管部门 · 5 个工作日 · 依据 S20 · 时限依据 T15\(二\)/);
  });

  it('--json gives every step with its sources and the limits', async () => {
    const run = await runInProcess(['profile', 'guangzhou', '--json'], {});
    const json = JSON.parse(run.stdout);
    expect(json.id).toBe('guangzhou');
    expect(json.workflows.find((w: { workflow: string }) => w.workflow === 'W5').steps).toEqual([
      { state: 'provider_review', actor: 'provider', kind: 'review', workingDays: 20, source: 'G(二)3', clockSource: 'G(二)3' },
    ]);
    expect(json.limits).toContainEqual({ key: 'W7.max_total', value: 30, source: 'S10' });
    // W12 runs on calendar dates: the city's plan by 31 May (T7).
    expect(json.dates).toContainEqual({ key: 'W12.publish_by', monthDay: '05-31', source: expect.stringMatching(/^T7 原则上5月底前/) });
    // W11: Tengzhou's sharing procedure, in every city (G has none of its own).
    expect(json.workflows.find((w: { workflow: string }) => w.workflow === 'W11').steps).toContainEqual({
      state: 'demand_review',
      actor: 'authority',
      kind: 'formal_review',
      workingDays: 5,
      source: "Z14 (G has no sharing procedure: Z's)",
      clockSource: "Z14 (G has no sharing procedure: Z's)",
    });
    // G(二)5: no formal review; the provider's answer and the opening count from receipt.
    expect(json.workflows.find((w: { workflow: string }) => w.workflow === 'W6').steps.map((s: { state: string; workingDays: number | null; countsFrom?: string }) => [s.state, s.workingDays, s.countsFrom ?? null])).toEqual([
      ['routing', null, null],
      ['feasibility', 5, 'receipt'],
      ['opening', 20, 'receipt'],
    ]);
    expect(json.rules).toEqual([
      { key: 'W2.downgrade', value: 'basis', source: expect.stringMatching(/^G\(一\)5 /) },
      { key: 'W6.requester', value: 'anyone', source: expect.stringMatching(/^G\(二\)5 /) },
    ]);
  });

  it('names the rule a W2 downgrade must meet, with its article', async () => {
    const taian = (await runInProcess(['profile', 'taian'], {})).stdout;
    expect(taian).toContain('规则：\n  W2.downgrade = 降低开放程度须有依据或合理理由，至少其一 · 依据 T8 未提供依据且无合理理由的，不予调整');
    const tengzhou = (await runInProcess(['profile', 'tengzhou'], { KAIFANG_LOCALE: 'en' })).stdout;
    expect(tengzhou).toContain("Rules:\n  W2.downgrade = a downgrade needs the authority's consent, nothing more up front · Z18 ");
  });

  it('without a city: the configured one, with its profile file applied', async () => {
    const path = file('ok.txt', '# 本市调整\nW5.provider_review 15 市政府令第3号 第十二条\nW5.formal_review none 本市不设形式审核\n');
    const run = await runInProcess(['profile'], { KAIFANG_PROFILE: 'tengzhou', KAIFANG_PROFILE_FILE: path, KAIFANG_LOCALE: 'en' });
    expect(run.status, run.stderr).toBe(0);
    expect(block(run.stdout, 'W5')).toEqual(['  1. provider review (provider_review) · provider · 15 working days · Z19 · days from 市政府令第3号 第十二条']);
    // Another city is shown as it ships.
    const other = await runInProcess(['profile', 'taian'], { KAIFANG_PROFILE: 'tengzhou', KAIFANG_PROFILE_FILE: path, KAIFANG_LOCALE: 'en' });
    expect(block(other.stdout, 'W5')).toHaveLength(2);
  });

  it('an unknown city is refused with the known ones', async () => {
    const run = await runInProcess(['profile', 'beijing'], { KAIFANG_LOCALE: 'en' });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('No city profile "beijing"; known: taian, tengzhou, suzhou, guangzhou.');
  });

  it('a bad profile file stops the command naming the file and the line', async () => {
    const path = file('bad.txt', 'W5.provider_review 15 市政府令\nW7.handling none 不设\n');
    const run = await runInProcess(['profile'], { KAIFANG_PROFILE_FILE: path });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain(`KAIFANG_PROFILE_FILE: ${path} line 2: W7.handling: this step cannot be left out; give its working days`);
  });
});

describe('the profile file', () => {
  const apply = (text: string, base = PROFILES.taian!) => {
    const parsed = parseProfileFile(text);
    if (!parsed.ok) return parsed;
    return applyOverrides(base, parsed.overrides, WORKFLOWS, PROFILES.taian!);
  };

  it.each([
    ['W5.provider_review', 'expected "<workflow>.<step or limit> <working days|none> <source>"', 1],
    ['W5.provider_review 15', 'give the source of the new value', 1],
    ['\n\nW5.provider_review 0 x', 'is not a whole number from 1 to 365', 3],
    ['W5.provider_review 1.5 x', 'is not a whole number', 1],
    ['provider_review 10 x', 'is not a profile value', 1],
    ['W5.provider_review 10 x\nW5.provider_review 12 y', 'already set on line 1', 2],
    ['W9.nothing 10 x', 'is not a step, clock or limit of the profile "taian"', 1],
    ['W7.max_total none x', 'only an optional step can be left out', 1],
  ])('%j is refused naming its line', (text, message, line) => {
    const r = apply(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.line).toBe(line);
      expect(r.message).toContain(message);
    }
  });

  it('changes days and limits with their sources; comments and blank lines are skipped', () => {
    const r = apply('# 注释\n\nW7.handling 3 市规定 # 三日\nW7.max_total 20 市大数据局通知\nW11.demand_review 15 市规定\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.profile.steps.W7![0]).toMatchObject({ workingDays: 3, source: 'T17', clockSource: '市规定' });
    expect(r.profile.clocks['W7.handling']).toBe(3);
    expect(r.profile.limits['W7.max_total']).toEqual({ value: 20, source: '市大数据局通知' });
    expect(r.profile.steps.W11!.find((x) => x.state === 'demand_review')).toMatchObject({ workingDays: 15, source: "Z14 (T has no sharing procedure: Z's)", clockSource: '市规定' });
    expect(r.profile.clocks['W11.demand_review']).toBe(15);
    expect(Object.isFrozen(r.profile.steps.W7![0])).toBe(true);
    // A date of every year (W12): MM-DD, a day every year has.
    const dated = apply('W12.filing_due 04-15 市大数据局通知\n');
    expect(dated.ok && dated.profile.dates['W12.filing_due']).toEqual({ monthDay: '04-15', source: '市大数据局通知' });
    expect(apply('W12.filing_due 02-29 市通知\n')).toMatchObject({ ok: false, line: 1, message: expect.stringMatching(/not a day of every year/) });
    expect(apply('W12.nothing 04-15 市通知\n')).toMatchObject({ ok: false, line: 1, message: expect.stringMatching(/not a date of the profile/) });
    // The shipped profile is untouched.
    expect(PROFILES.taian!.clocks['W7.handling']).toBe(5);
  });

  it('puts an optional step a city lacks back in its place, in the workflow’s order', () => {
    const r = apply('W5.formal_review 3 市规定', PROFILES.guangzhou!);
    expect(r.ok && r.profile.steps.W5!.map((s) => [s.state, s.actor, s.workingDays, s.source])).toEqual([
      ['formal_review', 'authority', 3, '市规定'],
      ['provider_review', 'provider', 20, 'G(二)3'],
    ]);
  });
});
