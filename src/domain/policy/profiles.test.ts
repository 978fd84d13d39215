import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_ID, PROFILES, getProfile } from './profiles.ts';
import { minutesOf } from '../reminders/working-hours.ts';

// Each city's steps, as its regulation has them: [state, actor, kind, working days, source of the step, source of the days].
type Row = [string, 'authority' | 'provider' | 'holder', string, number | null, string, RegExp | null];
const W7 = (source: string, days: RegExp): Row[] => [
  ['handling', 'provider', 'handling', 5, source, days],
  ['extension_pending', 'authority', 'extension_approval', null, 'S10', null],
];
// W9: S16's 10 working days everywhere, said so where the city sets none; the authority's review 2, as its others.
const W9 = (source: string, days: RegExp): Row[] => [
  ['rectification', 'provider', 'rectification', 10, source, days],
  ['report_review', 'authority', 'rectification_review', 2, source, /^T9\(二\), B12 \(no article sets days/],
];
// W3: Z10 and B12 have the catalog change and its days (15 to file, 2 to review); elsewhere the city's catalog article
// with their days, said so.
const W3 = (source: string, days: RegExp): Row[] => [
  ['filing', 'provider', 'filing', 15, source, days],
  ['review', 'authority', 'approval', 2, source, days],
];
// W2R: S8 and G(一)5 have the periodic re-assessment and no days: 15, as a catalog change's filing (Z10, B12).
const W2R = (source: string, days: RegExp): Row[] => [['reassessment_due', 'provider', 'reassessment', 15, source, days]];
// W10: the holder's report, 10 working days once due (T18 及时反馈 sets none: the provider's review's, T15(二)).
const W10 = (source: string, days: RegExp): Row[] => [
  ['report_due', 'holder', 'usage_report', 10, source, days],
  ['spot_check', 'holder', 'usage_report', 10, 'T18 (抽查)', /^T15\(二\) \(T18 sets no days: 10/],
];
// W8: S38's verification at once (立即核实) everywhere: 1 working day, the shortest the working-day clock counts.
const W8 = (source: string): Row[] => [['verification', 'provider', 'verification', 1, source, /^S38 \(立即核实, at once: 1 working day/]];
// W14: no article has the review of a result or its days: the authority's, 2, as its review before publication (T9(二)).
const W14 = (source: string, days: RegExp): Row[] => [['review', 'authority', 'result_review', 2, source, days]];
// W11: only Tengzhou's measures have sharing between agencies (Z14–Z16): every city follows them, said so elsewhere.
// Z14's paths by the sharing attribute, Z15's check before referral, Z16's coordination with no days: 5, as Z14's
// formal review of a data demand.
const W11 = (city: string | null): Row[] => {
  const z = (article: string) => (city === null ? article : `${article} (${city} has no sharing procedure: Z's)`);
  const exact = (article: string) => new RegExp(`^${z(article).replace(/[()]/g, '\\$&')}$`);
  return [
    ['formal_review', 'authority', 'formal_review', 1, z('Z14'), exact('Z14')],
    ['demand_review', 'authority', 'formal_review', 5, z('Z14'), exact('Z14')],
    ['referral_review', 'authority', 'referral', 1, z('Z15'), exact('Z15')],
    ['provider_review', 'provider', 'review', 2, z('Z14'), exact('Z14')],
    ['demand_study', 'provider', 'review', 10, z('Z14'), exact('Z14')],
    ['coordination', 'authority', 'coordination', 5, z('Z16'), /^Z14 \(Z16 sets no days: 5, as the formal review of a data demand\)$/],
  ];
};
// W2S: Z13 and B21–B22, the authority's review in 2 working days, as the open attribute's change (no article sets days).
const W2S = (city: string | null): Row[] => [
  ['review', 'authority', 'approval', 2, city === null ? 'Z13, B21–B22' : `Z13, B21–B22 (${city} has no sharing attribute: Z's and B's)`, /^T9\(二\), B12 \(no article sets days: 2/],
];
// W12: T7's procedure; the filing and the publication run to the profile's dates, the review 5 working days.
const W12 = (source: string): Row[] => [
  ['filing', 'provider', 'plan_filing', null, source, null],
  ['review', 'authority', 'plan_review', 5, source, /^T15\(二\) \(.* sets no days: 5, as a formal review\)$/],
  ['aggregation', 'authority', 'plan_publication', null, source, null],
];
const STEPS: Record<string, Record<string, Row[]>> = {
  taian: {
    W1: [['formal_review', 'authority', 'formal_review', 2, 'T9(二)', /^T9\(二\)$/]],
    W2: [['review', 'authority', 'approval', 2, 'T8', /^T8 sets no days/]],
    W2R: W2R('S8, G(一)5 (T has no re-assessment)', /^Z10, B12 \(S8, G\(一\)5 sets no days: 15/),
    W3: W3('T6 (Z10, B12: T has no catalog change)', /^Z10, B12 \(T sets no days\)$/),
    W4: [['review', 'authority', 'approval', 2, 'T10', /T10 sets no days/]],
    W5: [
      ['formal_review', 'authority', 'formal_review', 5, 'T15(二)', /^T15\(二\)$/],
      ['provider_review', 'provider', 'review', 10, 'T15(二)', /^T15\(二\)$/],
    ],
    // T16: formal review 5, the provider's feasibility study 10, the data opened within 20 of its answer.
    W6: [
      ['formal_review', 'authority', 'formal_review', 5, 'T16', /^T16$/],
      ['feasibility', 'provider', 'review', 10, 'T16', /^T16$/],
      ['opening', 'provider', 'opening', 20, 'T16', /^T16$/],
    ],
    // T17 sets no days: Suzhou's 5, and the profile says so.
    W7: W7('T17', /^S10 \(T17 sets no days\)$/),
    W8: W8('T17, S38 (T17 has no verification step: S38)'),
    W9: W9('T10, T12', /^S16 \(T sets no days\)$/),
    W10: W10('T18', /^T15\(二\) \(T18 sets no days: 10/),
    W11: W11('T'),
    W2S: W2S('T'),
    W12: W12('T7'),
    // T17: a result may be published on the platform under its conditions; no days.
    W14: W14('T17', /^T9\(二\) \(T17 sets no days: 2, as the review before publication\)$/),
  },
  tengzhou: {
    W1: [['formal_review', 'authority', 'formal_review', 2, 'T9(二) (Z10 has the catalog, no formal review days)', /^T9\(二\)$/]],
    W2: [['review', 'authority', 'approval', 2, 'Z18', /^Z18 sets no days/]],
    W2R: W2R('S8, G(一)5 (Z has no re-assessment)', /^Z10, B12 \(S8, G\(一\)5 sets no days: 15/),
    W3: W3('Z10', /^Z10$/),
    W4: [['review', 'authority', 'approval', 2, 'T10', /T10 sets no days/]],
    W5: [
      ['formal_review', 'authority', 'formal_review', 5, 'Z19', /^Z19$/],
      ['provider_review', 'provider', 'review', 10, 'Z19', /^Z19$/],
    ],
    // Z19: 10 + 15; no days for the opening: Tai'an's 20, said so.
    W6: [
      ['formal_review', 'authority', 'formal_review', 10, 'Z19', /^Z19$/],
      ['feasibility', 'provider', 'review', 15, 'Z19', /^Z19$/],
      ['opening', 'provider', 'opening', 20, 'Z19', /^T16 \(Z19 sets no days\)$/],
    ],
    W7: W7('Z20', /^S10 \(Z20 sets no days/),
    W8: W8('Z20, S38 (Z20 has no verification step: S38)'),
    W9: W9('Z12', /^S16 \(Z sets no days\)$/),
    W10: W10('Z20', /^T15\(二\) \(Z20 sets no days: 10/),
    W11: W11(null),
    W2S: W2S(null),
    W12: W12("T7 (Z has no annual plan: T's)"),
    // Z23: the citation of source and date; no listing: T17's.
    W14: W14('Z23, T17 (Z23 has the citation, no listing: T17’s)', /^T9\(二\) \(Z23, T17 sets no days/),
  },
  suzhou: {
    W1: [['formal_review', 'authority', 'formal_review', 2, 'S14, T9(二) (S14 has the catalog, no review days)', /^T9\(二\)$/]],
    // S8 has the periodic re-assessment, no review procedure: Tai'an's.
    W2: [['review', 'authority', 'approval', 2, 'S8, T8 (S8 sets no procedure: the default’s)', /^T8 sets no days/]],
    W2R: W2R('S8', /^Z10, B12 \(S8 sets no days: 15/),
    W3: W3('S14 动态调整 (Z10, B12: S14 has no procedure)', /^Z10, B12 \(S14 sets no days\)$/),
    W4: [['review', 'authority', 'approval', 2, 'T10', /T10 sets no days/]],
    // S20: the authority only accepts complete applications (受理) and hands them over (及时移交).
    W5: [
      ['formal_review', 'authority', 'acceptance', 5, 'S20', /S20 sets no days/],
      ['provider_review', 'provider', 'review', 10, 'S20', /^S20$/],
    ],
    // S23: no formal review (a demand naming no provider is routed by the authority, on the provider's days); the
    // provider's answer within 10 wd of receipt; no days for the opening: Tai'an's 20, said so.
    W6: [
      ['routing', 'authority', 'routing', null, 'S23 (the platform receives the demand; S23 names no authority step)', null],
      ['feasibility', 'provider', 'review', 10, 'S23', /^S23$/],
      ['opening', 'provider', 'opening', 20, 'S23', /^T16 \(S23 sets no days\)$/],
    ],
    W7: W7('S10', /^S10$/),
    W8: W8('S38'),
    W9: W9('S16', /^S16$/),
    W10: W10('S24, T18 (S24 has the feedback, T18 its contents)', /^T15\(二\) \(S24, T18 sets no days: 10/),
    W11: W11('S'),
    W2S: W2S('S'),
    W12: W12('S13, T7 (S13 has the plans, T7 the procedure)'),
    // S24: the citation of sources; no listing: T17's.
    W14: W14('S24, T17 (S24 has the citation, no listing: T17’s)', /^T9\(二\) \(S24, T17 sets no days/),
  },
  guangzhou: {
    W1: [['formal_review', 'authority', 'formal_review', 2, 'G(二)3, T9(二) (G sets no review days)', /^T9\(二\)$/]],
    W2: [['review', 'authority', 'approval', 2, 'G(一)5', /^G\(一\)5 sets no days/]],
    W2R: W2R('G(一)5', /^Z10, B12 \(G\(一\)5 sets no days: 15/),
    W3: W3('G(一)6 (Z10, B12: G has no catalog change)', /^Z10, B12 \(G sets no days\)$/),
    W4: [['review', 'authority', 'approval', 2, 'T10', /T10 sets no days/]],
    // G(二)3: no step by the authority; the provider answers within 20 wd of receipt.
    W5: [['provider_review', 'provider', 'review', 20, 'G(二)3', /^G\(二\)3$/]],
    // G(二)5: from receipt, the reasons within 5 wd if the data cannot be opened, the data within 20 wd if it can.
    W6: [
      ['routing', 'authority', 'routing', null, 'G(二)5 (the platform receives the demand; G(二)5 names no authority step)', null],
      ['feasibility', 'provider', 'review', 5, 'G(二)5', /^G\(二\)5$/],
      ['opening', 'provider', 'opening', 20, 'G(二)5', /^G\(二\)5$/],
    ],
    W7: W7('G(二)1 情况反馈', /^S10 \(G sets no days\)$/),
    W8: W8('S38 (G sets none)'),
    W9: W9('T10 (G sets none)', /^S16 \(G sets no days\)$/),
    W10: W10('G(二)6', /^T15\(二\) \(G\(二\)6 sets no days: 10/),
    W11: W11('G'),
    W2S: W2S('G'),
    W12: W12('G(一)2, T7 (G(一)2 has the plans, T7 the procedure)'),
    // G(三)1–2: the third parties' rights and the promotion of results; no listing procedure: T17's.
    W14: W14('G(三)1–2, T17 (G has no listing procedure: T17’s)', /^T9\(二\) \(G\(三\)1–2, T17 sets no days/),
  },
};

const LIMITS: Record<string, [number, string]> = {
  'W7.max_total': [30, 'S10'],
  'W5.max_period_years': [3, 'S20 使用期限 (no article caps it: platform default)'],
  'W5.renewal_window_days': [30, 'T15(三), S21 (no article sets a window: platform default)'],
  'W10.report_every_months': [3, 'T18, Z20 (no article sets a schedule: every 3 months, the agreement default)'],
  'W11.share_months': [12, 'Z14, Z17 (no article sets a period: a year, platform default)'],
  'W2R.period_months': [12, 'S8, G(一)5 (no article sets a period: yearly, as T12 caps an update period)'],
};
const ORDER = ['taian', 'tengzhou', 'suzhou', 'guangzhou'] as const;

describe('each city profile lists its steps, their actors and clocks, with the article of each value', () => {
  const rows = ORDER.flatMap((id) => Object.entries(STEPS[id]!).map(([workflow, steps]) => ({ id, workflow, steps })));
  it.each(rows)('$id $workflow', ({ id, workflow, steps }) => {
    const got = PROFILES[id]!.steps[workflow]!;
    expect(got.map((s) => [s.state, s.actor, s.kind, s.workingDays, s.source])).toEqual(steps.map((r) => r.slice(0, 5)));
    got.forEach((s, i) => {
      const clock = steps[i]![5];
      if (clock === null) expect(s.clockSource).toBeNull();
      else expect(s.clockSource).toMatch(clock);
      // A step's days are the clock the workflow reads.
      if (s.workingDays !== null) expect(PROFILES[id]!.clocks[`${workflow}.${s.state}`]).toBe(s.workingDays);
    });
  });

  it('Guangzhou has no W5 formal review, and so no clock for it', () => {
    expect(PROFILES.guangzhou!.clocks).not.toHaveProperty('W5.formal_review');
    expect(PROFILES.guangzhou!.steps.W5!.map((s) => s.state)).toEqual(['provider_review']);
  });

  it.each(ORDER)('%s limits and their sources', (id) => {
    expect(Object.keys(PROFILES[id]!.limits).sort()).toEqual(Object.keys(LIMITS).sort());
    for (const [key, [value, source]] of Object.entries(LIMITS)) expect(PROFILES[id]!.limits[key]).toEqual({ value, source });
  });

  it('every profile has the same clocks but for the steps a city does not have', () => {
    const keys = (id: string) => Object.keys(PROFILES[id]!.clocks).sort();
    expect(keys('tengzhou')).toEqual(keys('taian'));
    expect(keys('suzhou')).toEqual(keys('taian').filter((k) => k !== 'W6.formal_review'));
    expect(keys('guangzhou')).toEqual(keys('taian').filter((k) => !['W5.formal_review', 'W6.formal_review'].includes(k)));
  });

  it('W6: a verified user files a demand in Tai\'an and Suzhou (T16, S23 利用主体), anyone in Tengzhou and Guangzhou (Z19, G(二)5)', () => {
    expect(ORDER.map((id) => PROFILES[id]!.demandRequester.rule)).toEqual(['verified', 'anyone', 'verified', 'anyone']);
    expect(ORDER.map((id) => PROFILES[id]!.demandRequester.source.split(' ')[0])).toEqual(['T16', 'Z19', 'S23', 'G(二)5']);
  });

  it('W6: Suzhou and Guangzhou count the provider\'s days from receipt (S23, G(二)5), Guangzhou the opening\'s too', () => {
    const fromReceipt = (id: string) => PROFILES[id]!.steps.W6!.filter((s) => s.countsFrom === 'receipt').map((s) => s.state);
    expect(fromReceipt('taian')).toEqual([]);
    expect(fromReceipt('tengzhou')).toEqual([]);
    expect(fromReceipt('suzhou')).toEqual(['feasibility']);
    expect(fromReceipt('guangzhou')).toEqual(['feasibility', 'opening']);
  });
});

describe('policy profiles', () => {
  it('has the four cities, Tai’an by default', () => {
    expect(Object.keys(PROFILES).sort()).toEqual([...ORDER].sort());
    expect(DEFAULT_PROFILE_ID).toBe('taian');
    expect(getProfile(DEFAULT_PROFILE_ID)).toBe(PROFILES.taian);
  });

  it('names itself and its source in both languages', () => {
    for (const id of ORDER) {
      const p = PROFILES[id]!;
      expect(p.id).toBe(id);
      expect(p.name['zh-CN']).toMatch(/市$/);
      expect(p.name.en.length).toBeGreaterThan(0);
      expect(p.source.length).toBeGreaterThan(0);
    }
  });

  it('has a reminder ladder that climbs: whole working days, escalations strictly after the due day, a real window', () => {
    for (const p of Object.values(PROFILES)) {
      const r = p.reminders;
      expect(Number.isInteger(r.beforeDueWorkingDays) && r.beforeDueWorkingDays >= 0).toBe(true);
      expect(r.escalation.length).toBeGreaterThan(0);
      for (const step of r.escalation) expect(Number.isInteger(step.afterWorkingDays) && step.afterWorkingDays >= 1).toBe(true);
      // Spec "Escalation": reviewer → data officer → authority supervisor.
      expect(r.escalation.map((s) => s.to)).toEqual(['agency_supervisor', 'authority_supervisor']);
      // B45: a late rectification is reported upward by the authority at once — its supervisors first.
      expect(r.stepEscalation?.['W9.rectification']).toEqual({ escalation: [{ to: 'authority_supervisor', afterWorkingDays: 1 }], source: expect.stringMatching(/^B45/) });
      // S38 立即核实: a complaint not verified at once reaches the provider's supervisors, then the authority's, a day apart.
      expect(r.stepEscalation?.['W8.verification']).toEqual({
        escalation: [
          { to: 'agency_supervisor', afterWorkingDays: 1 },
          { to: 'authority_supervisor', afterWorkingDays: 1 },
        ],
        source: expect.stringMatching(/^S38/),
      });
      expect(minutesOf(r.workingHours.start)).toBeLessThan(minutesOf(r.workingHours.end));
    }
    expect(PROFILES.taian!.reminders).toMatchObject({ beforeDueWorkingDays: 1, onDueDay: true, workingHours: { start: '09:00', end: '18:00' } });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(PROFILES)).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.clocks)).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.reminders.escalation)).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.steps.W5![0])).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.terms['zh-CN'])).toBe(true);
  });

  it.each(['', 'beijing', 'TAIAN', 'constructor', 'toString', '__proto__'])('getProfile(%j) is undefined', (id) => {
    expect(getProfile(id)).toBeUndefined();
  });
});
