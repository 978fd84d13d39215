// Every key the workflows use exists in both languages, and every `{slot}` of a notify message is filled by the
// params the workflow (or the application: caseId, datasetCode, datasetName, provisional) gives it.
import { describe, expect, it } from 'vitest';
import { loadDictionaries } from '../../i18n/load-locales.ts';
import { DOMAIN_ERROR_CODES } from '../errors.ts';
import type { FormDefinition } from '../forms/form.ts';
import { LOCALES } from '../model.ts';
import { WORKFLOWS } from './registry.ts';
import { PROFILES } from '../policy/profiles.ts';
import { AUTHORITY, EVENTS, PEOPLE, PLATFORM, ctxFor, dataset, expectOk, snapshotOf, targetAgency } from '../../../test/support/workflow-fixtures.ts';
import { w1DatasetPublication as w1, type W1Input } from './w1-dataset-publication.ts';
import { w5ConditionalApplication as w5, type W5Input } from './w5-conditional-application.ts';
import { w4Delisting as w4 } from './w4-delisting.ts';
import { w2AttributeChange as w2, type W2Input } from './w2-attribute-change.ts';
import { w3CatalogChange as w3, type W3Input } from './w3-catalog-change.ts';
import { w7Objection as w7 } from './w7-objection.ts';
import { w8RightsComplaint as w8 } from './w8-rights-complaint.ts';
import { demandPublished, w6DataDemand as w6, type W6Input } from './w6-data-demand.ts';
import { w9QualityRectification as w9 } from './w9-quality-rectification.ts';
import { w13DataFreshness as w13 } from './w13-data-freshness.ts';
import { w2rReassessment as w2r } from './w2r-reassessment.ts';
import { w10UsageReport as w10 } from './w10-usage-report.ts';
import { w14ResultPublication as w14, type W14Input } from './w14-result-publication.ts';
import { w11Sharing as w11 } from './w11-sharing.ts';
import { w2sSharingChange as w2s } from './w2s-sharing-change.ts';
import { w12AnnualPlan as w12 } from './w12-annual-plan.ts';
import type { CaseSnapshot, Effect, TransitionResult } from './workflow.ts';

const dictionaries = loadDictionaries();

type WorkflowId = string;

/** What each registered workflow declares it says. */
const CATALOG: Record<WorkflowId, { states: readonly string[]; actions: readonly string[]; messages: readonly string[] }> = Object.fromEntries(
  WORKFLOWS.workflows.map((w) => [w.id, { states: w.states, actions: w.auditActions, messages: w.messages }]),
);

/** Every form: each workflow's start form and its actions' forms. */
const FORMS: FormDefinition<any>[] = [...new Set(WORKFLOWS.workflows.flatMap((w) => [w.form, ...w.actions.flatMap((a) => (a.form ? [a.form] : []))]))];

/** Params the application adds to every notify effect (case-service carryOut), and `dueBy` that rendering makes of `dueOn`. */
const ADDED_BY_APPLICATION = ['caseId', 'datasetCode', 'datasetName', 'provisional', 'dueBy'];

/** Every value of every choice and multiple-choice field of every form. */
const CHOICES = FORMS.flatMap((form) => form.order.flatMap((name) => (form.fields[name]!.options ?? []).map((code) => ({ form, name, code }))));
const optionKey = (form: FormDefinition<any>, name: string, code: string) => `forms.${form.id}.${name}.options.${code}`;

/** The city's terms every message may use (the platform's name, the articles cited): the translator fills them. */
const TERMS = [...new Set(Object.values(PROFILES).flatMap((p) => LOCALES.flatMap((l) => Object.keys(p.terms[l]))))];

const slots = (template: string): string[] => [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();

function requiredKeys(): string[] {
  const keys: string[] = [];
  for (const [id, c] of Object.entries(CATALOG)) {
    for (const s of c.states) keys.push(`states.${id}.${s}`);
    for (const a of c.actions) keys.push(`actions.${a}`);
    keys.push(...c.messages, `common.workflow.${id}`, `common.starter.${id}`);
  }
  for (const wf of WORKFLOWS.workflows) {
    for (const k of wf.history) keys.push(`commands.historyDetail.${k}`);
    for (const v of wf.starts) keys.push(`commands.help.${v.verb}`);
    for (const a of wf.actions) {
      keys.push(`commands.help.${a.verb}`);
      if (a.button) keys.push(`chat.button.${a.verb}`);
    }
  }
  for (const form of FORMS) {
    keys.push(`forms.${form.id}._title`);
    for (const name of form.order) keys.push(`forms.${form.id}.${name}.label`, `forms.${form.id}.${name}.hint`);
    // Every value of a choice has a label people read and may type (a format code such as CSV may be its own label).
    for (const [name, code] of CHOICES.filter((c) => c.form === form).map((c) => [c.name, c.code] as const)) keys.push(optionKey(form, name, code));
  }
  return keys;
}

describe('locale keys of the workflows', () => {

  const rows = LOCALES.flatMap((locale) => requiredKeys().map((key) => ({ locale, key })));
  it.each(rows)('$locale has $key', ({ locale, key }) => {
    expect(dictionaries[locale][key], `${key} missing from locales/${locale}`).toBeTruthy();
  });

  it('has no leftover state, action or message keys for these workflows', () => {
    const known = new Set(requiredKeys());
    for (const locale of LOCALES)
      for (const key of Object.keys(dictionaries[locale]))
        if (/^(states|actions)\.W\d+\.|^notify\.w\d+\./.test(key)) expect(known.has(key), `${locale}: ${key}`).toBe(true);
  });

  it.each(Object.values(CATALOG).flatMap((c) => c.messages))('%s has the same slots in every language', (key) => {
    expect(slots(dictionaries.en[key] ?? '')).toEqual(slots(dictionaries['zh-CN'][key] ?? ''));
  });

  it('a choice label names one value of its field, in every language at once (`接口`, `API` and `api` alike are typed)', () => {
    const fields = [...new Set(CHOICES.map((c) => `${c.form.id}.${c.name}`))];
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) {
      const named = new Map<string, string>();
      for (const { form, name, code } of CHOICES.filter((c) => `${c.form.id}.${c.name}` === field))
        for (const word of [code, ...LOCALES.map((l) => dictionaries[l][optionKey(form, name, code)] ?? code)].map((w) => w.trim().toLowerCase())) {
          expect(named.get(word) ?? code, `${field}: "${word}"`).toBe(code);
          // A multiple choice is typed as a list: no label may hold a list separator.
          expect(word, `${field}: "${word}"`).not.toMatch(/[,，、;；\n]/);
          named.set(word, code);
        }
    }
  });

  it.each(LOCALES.flatMap((locale) => DOMAIN_ERROR_CODES.map((code) => ({ locale, code }))))('$locale says refusal $code', ({ locale, code }) => {
    expect(dictionaries[locale][`errors.${code}`], `errors.${code} missing from locales/${locale}`).toBeTruthy();
  });

  it('form labels are unique within a form in each language (a label can name the field: `标题=…`)', () => {
    for (const locale of LOCALES)
      for (const form of FORMS) {
        const labels = form.order.map((n) => dictionaries[locale][`forms.${form.id}.${n}.label`]!.toLowerCase());
        expect(new Set(labels).size, `${locale} ${form.id}`).toBe(labels.length);
      }
  });
});

describe('what the workflows emit', () => {
  const emitted: { workflow: WorkflowId; effects: Effect[]; action: string; fromStart: boolean }[] = [];
  const keep = <D>(workflow: WorkflowId, r: TransitionResult<D>, fromStart = false): TransitionResult<D> => {
    const t = expectOk(r);
    emitted.push({ workflow, effects: t.effects, action: t.action, fromStart });
    return r;
  };
  const run = <D>(workflow: WorkflowId, s: CaseSnapshot<D>, r: TransitionResult<D>): CaseSnapshot<D> =>
    snapshotOf(workflow, keep(workflow, r), s.applicantId, s.datasetId, s);

  const bureau = ctxFor(PEOPLE.authorityReviewer);
  const provider = ctxFor(PEOPLE.providerReviewer);
  const applicant = ctxFor(PEOPLE.applicant);

  // W1: submit, return, resubmit, approve; and a reject.
  const w1Input: W1Input = { name: 'n', summary: 's', fields: ['a'], attribute: 'unconditional', conditions: null, fair: null, formats: ['CSV'], type: 'api', frequency: 'daily', sharing: null, share_conditions: null, share_basis: null, security: true, demand: null };
  const officer = ctxFor(PEOPLE.providerReviewer, { dataset: null });
  const w1s = snapshotOf('W1', keep('W1', w1.start(w1Input, officer), true), PEOPLE.providerReviewer.id, 'DS-0002');
  const w1r = run('W1', w1s, w1.transition(w1s, EVENTS.return, bureau));
  const w1again = run('W1', w1r, w1.transition(w1r, EVENTS.resubmit, officer));
  run('W1', w1again, w1.transition(w1again, EVENTS.approve, bureau));
  run('W1', w1s, w1.transition(w1s, EVENTS.reject, bureau));

  // W5: submit, formal return, resubmit, formal approve, provider return, resubmit, provider approve; rejects at both.
  const w5Input: W5Input = { title: 't', reason: 'r', type: 'api', period: '2027-01-31', result: 'x', scenario: 's', commit: true, meets: true };
  const w5s = snapshotOf('W5', keep('W5', w5.start(w5Input, applicant), true), PEOPLE.applicant.id, 'DS-0001');
  const w5r1 = run('W5', w5s, w5.transition(w5s, EVENTS.return, bureau));
  const w5f = run('W5', w5r1, w5.transition(w5r1, EVENTS.resubmit, applicant));
  const w5p = run('W5', w5f, w5.transition(w5f, EVENTS.approve, bureau));
  const w5r2 = run('W5', w5p, w5.transition(w5p, EVENTS.return, provider));
  const w5p2 = run('W5', w5r2, w5.transition(w5r2, EVENTS.resubmit, applicant));
  const w5a = run('W5', w5p2, w5.transition(w5p2, EVENTS.approve, provider));
  run('W5', w5a, w5.transition(w5a, EVENTS.accept, applicant));
  run('W5', w5s, w5.transition(w5s, EVENTS.reject, bureau));
  // Suzhou's acceptance (S20) and Guangzhou's procedure without an authority step (G(二)3).
  const suzhou = (ctx: typeof bureau) => ({ ...ctx, profile: PROFILES.suzhou! });
  const w5sz = snapshotOf('W5', keep('W5', w5.start(w5Input, suzhou(applicant)), true), PEOPLE.applicant.id, 'DS-0001');
  run('W5', w5sz, w5.transition(w5sz, EVENTS.approve, suzhou(bureau)));
  keep('W5', w5.start(w5Input, { ...applicant, profile: PROFILES.guangzhou! }), true);
  run('W5', w5p, w5.transition(w5p, EVENTS.reject, provider));

  // W4: applied for and approved, applied for and refused; delisted at once by the authority.
  const w4s = snapshotOf('W4', keep('W4', w4.start({ reason: '政策调整', now: null }, provider), true), PEOPLE.providerReviewer.id, 'DS-0001');
  run('W4', w4s, w4.transition(w4s, EVENTS.approve, bureau));
  run('W4', w4s, w4.transition(w4s, EVENTS.reject, bureau));
  keep('W4', w4.start({ reason: '数据质量问题', now: true }, bureau), true);

  // W2: a downgrade to closed approved (grants end), an upgrade to unconditional approved (applications close), a refusal.
  const w2Input = (to: W2Input['to'], extra: Partial<W2Input> = {}): W2Input => ({ to, basis: 'b', reason: 'r', enabler: null, conditions: null, fair: null, ...extra });
  const w2ds = dataset();
  const w2ctx = (ctx: typeof bureau) => ({ ...ctx, dataset: w2ds });
  const w2c = snapshotOf('W2', keep('W2', w2.start(w2Input('closed'), w2ctx(provider)), true), PEOPLE.providerReviewer.id, w2ds.id);
  run('W2', w2c, w2.transition(w2c, EVENTS.approve, w2ctx(bureau)));
  run('W2', w2c, w2.transition(w2c, EVENTS.reject, w2ctx(bureau)));
  const w2u = snapshotOf('W2', keep('W2', w2.start(w2Input('unconditional', { enabler: 'desensitised' }), w2ctx(provider)), true), PEOPLE.providerReviewer.id, w2ds.id);
  run('W2', w2u, w2.transition(w2u, EVENTS.approve, w2ctx(bureau)));

  // W3: filed late by the provider, returned, filed again, approved (the entry changed); a trigger by the authority,
  // filed as a removal, approved (the entry leaves the catalog); one refused.
  const w3Input = (extra: Partial<W3Input> = {}): W3Input => ({
    trigger: '《公交运营管理条例》修订',
    on: '2026-01-05',
    name: null,
    summary: null,
    fields: null,
    formats: null,
    type: null,
    frequency: null,
    conditions: null,
    fair: null,
    delete: null,
    ...extra,
  });
  const w3a = snapshotOf('W3', keep('W3', w3.start(w3Input({ fields: ['线路名称', '运营企业'] }), provider), true), PEOPLE.providerReviewer.id, 'DS-0001');
  const w3back = run('W3', w3a, w3.transition(w3a, EVENTS.return, bureau));
  const w3f = run('W3', w3back, w3.transition(w3back, { type: 'file', input: { summary: '补正后的摘要' } }, provider));
  run('W3', w3f, w3.transition(w3f, EVENTS.approve, bureau));
  run('W3', w3f, w3.transition(w3f, EVENTS.reject, bureau));
  const w3t = snapshotOf('W3', keep('W3', w3.start(w3Input({ on: '2026-02-27' }), bureau), true), PEOPLE.authorityReviewer.id, 'DS-0001');
  const w3r = run('W3', w3t, w3.transition(w3t, { type: 'file', input: { delete: true } }, provider));
  run('W3', w3r, w3.transition(w3r, EVENTS.approve, bureau));
  // A trigger recorded for the provider as a whole, filed on one of its datasets, approved.
  const w3g = snapshotOf('W3', keep('W3', w3.start(w3Input({ on: '2026-02-27' }), ctxFor(PEOPLE.authorityReviewer, { dataset: null, agency: targetAgency() })), true), PEOPLE.authorityReviewer.id, null);
  const w3gf = run('W3', w3g, w3.transition(w3g, { type: 'file', input: { dataset: 'DS-0001', summary: '新摘要' } }, provider));
  run('W3', w3gf, w3.transition(w3gf, EVENTS.approve, bureau));

  // W6: filed with no provider, passed at the formal review naming one, agreed, published through W1; refused at the
  // formal review and by the provider; in Suzhou routed by the authority.
  const w6Input: W6Input = { title: 't', description: 'd', purpose: 'p', agency: null };
  const demandCtx = (ctx: typeof bureau, extra: Parameters<typeof ctxFor>[1] = {}) => ({ ...ctx, dataset: null, ...extra });
  const w6s = snapshotOf('W6', keep('W6', w6.start(w6Input, demandCtx(applicant)), true), PEOPLE.applicant.id, null);
  const w6f = run('W6', w6s, w6.transition(w6s, EVENTS.approve, demandCtx(bureau, { agency: targetAgency() })));
  const w6o = run('W6', w6f, w6.transition(w6f, EVENTS.approve, demandCtx(provider)));
  run('W6', w6o, demandPublished(w6o, { id: 'DS-0009', code: 'DS-0009', name: 'n' }, 'C-0099'));
  run('W6', w6s, w6.transition(w6s, { type: 'reject', reasons: ['r'] }, demandCtx(bureau)));
  run('W6', w6f, w6.transition(w6f, { type: 'reject', reasons: ['r'] }, demandCtx(provider)));
  const w6sz = snapshotOf('W6', keep('W6', w6.start(w6Input, demandCtx(applicant, { profile: PROFILES.suzhou! })), true), PEOPLE.applicant.id, null);
  run('W6', w6sz, w6.transition(w6sz, EVENTS.approve, demandCtx(bureau, { profile: PROFILES.suzhou!, agency: targetAgency() })));

  // W7: submit, extend (approved), extend (refused), return, resubmit, resolve; and a dismissal.
  const ds = dataset();
  const w7s = snapshotOf('W7', keep('W7', w7.start({ kind: 'suggestion', text: 't' }, ctxFor(PEOPLE.applicant, { dataset: ds })), true), PEOPLE.applicant.id, ds.id);
  const w7e = run('W7', w7s, w7.transition(w7s, EVENTS.extend, provider));
  const w7h = run('W7', w7e, w7.transition(w7e, EVENTS.approve, bureau));
  const w7e2 = run('W7', w7h, w7.transition(w7h, EVENTS.extend, provider));
  const w7h2 = run('W7', w7e2, w7.transition(w7e2, EVENTS.reject, bureau));
  const w7r = run('W7', w7h2, w7.transition(w7h2, EVENTS.return, provider));
  const w7h3 = run('W7', w7r, w7.transition(w7r, EVENTS.resubmit, applicant));
  run('W7', w7h3, w7.transition(w7h3, { type: 'resolve', feedback: 'f' }, provider));
  run('W7', w7s, w7.transition(w7s, { type: 'dismiss', legalBasis: 'b', reason: 'r' }, provider));

  // W9: opened, reported, returned, reported again, closed; opened with the data delisted, reported, closed and
  // published again.
  const report = { type: 'report', done: '已更正坐标' } as const;
  const w9s = snapshotOf('W9', keep('W9', w9.start({ problems: ['坐标有误'], delist: null }, bureau), true), PEOPLE.authorityReviewer.id, 'DS-0001');
  const w9r = run('W9', w9s, w9.transition(w9s, report, provider));
  const w9back = run('W9', w9r, w9.transition(w9r, EVENTS.return, bureau));
  const w9r2 = run('W9', w9back, w9.transition(w9back, report, provider));
  run('W9', w9r2, w9.transition(w9r2, EVENTS.approve, bureau));
  const w9d = snapshotOf('W9', keep('W9', w9.start({ problems: ['坐标有误', '缺少更新时间'], delist: true }, bureau), true), PEOPLE.authorityReviewer.id, 'DS-0001');
  const w9dr = run('W9', w9d, w9.transition(w9d, report, provider));
  run('W9', w9dr, w9.transition(w9dr, EVENTS.approve, ctxFor(PEOPLE.authorityReviewer, { dataset: dataset({ status: 'delisted' }) })));

  // W8: a complaint of each kind; withdrawn and opened again after treatment, treated while open, kept open.
  const w8Walk = (kind: 'privacy' | 'trade-secret' | 'other') =>
    snapshotOf('W8', keep('W8', w8.start({ kind, text: '含可识别个人的记录' }, ctxFor(PEOPLE.otherApplicant)), true), PEOPLE.otherApplicant.id, 'DS-0001');
  const w8s = w8Walk('privacy');
  const w8w = run('W8', w8s, w8.transition(w8s, { type: 'withdraw', reason: '经核实含身份证号' }, provider));
  run('W8', w8w, w8.transition(w8w, { type: 'reopen', treatment: '已删除身份证号字段' }, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) })));
  const w8t = w8Walk('trade-secret');
  run('W8', w8t, w8.transition(w8t, { type: 'reopen', treatment: '已删除运营数据字段' }, provider));
  const w8o = w8Walk('other');
  run('W8', w8o, w8.transition(w8o, { type: 'keep', reason: '数据已脱敏' }, provider));

  // W13: the platform opens it, the provider records the update.
  const w13s = snapshotOf('W13', keep('W13', w13.start({ on: null }, ctxFor(PLATFORM)), true), PLATFORM.id, 'DS-0001');
  run('W13', w13s, w13.transition(w13s, { type: 'updated', on: null }, provider));

  // W10: the platform opens a periodic and a final report for the grant's holder, who files them.
  for (const final of [false, true]) {
    const opening = { ask: null, grant: 'G-0001', holder: PEOPLE.applicant.id, expiresOn: '2026-12-31', period: '2026-06-01', final };
    const w10s = snapshotOf('W10', keep('W10', w10.start(opening, ctxFor(PLATFORM)), true), PEOPLE.applicant.id, 'DS-0001');
    const usage = { scenarios: '客流分析', calls: 1200, fields: '线路名称', algorithms: '客流预测', benefits: '优化线路', security: '脱敏存储' };
    run('W10', w10s, w10.transition(w10s, { type: 'usage_report', report: usage }, applicant));
  }
  // A spot check of the grant, which ends it for a breach.
  const grant = { id: 'G-0001', caseId: 'C-0001', datasetId: 'DS-0001', userId: PEOPLE.applicant.id, expiresOn: '2026-12-31', agreementRef: 'AG-C-0001', grantedAt: new Date('2026-01-05T02:00:00Z'), kind: 'open' as const, duty: null };
  const spot = snapshotOf('W10', keep('W10', w10.start({ ask: '调用记录', grant: null, holder: null, expiresOn: null, period: null, final: null }, ctxFor(PEOPLE.providerReviewer, { grant })), true), PEOPLE.providerReviewer.id, 'DS-0001');
  run('W10', spot, w10.transition(spot, { type: 'suspend', basis: '协议第五条', reason: '转提供第三方' }, provider));

  // W2R: the platform opens it on conditional and on closed data (each with its hint), the provider keeps it.
  for (const attribute of ['conditional', 'closed'] as const) {
    const due = dataset({ attribute, conditions: attribute === 'conditional' ? '限科研用途' : null, attributeAssessedOn: '2025-01-01' });
    const w2rs = snapshotOf('W2R', keep('W2R', w2r.start({}, ctxFor(PLATFORM, { dataset: due })), true), PLATFORM.id, 'DS-0001');
    run('W2R', w2rs, w2r.transition(w2rs, { type: 'keep', reason: '仍含个人信息' }, ctxFor(PEOPLE.providerReviewer, { dataset: due })));
  }

  // W14: submitted citing two datasets, returned, resubmitted, listed; and a refusal.
  const w14Sources = { datasets: [dataset(), dataset({ id: 'DS-0003', code: 'DS-0003', name: '空气质量' })], dataset: null };
  const w14Input: W14Input = { sources: ['DS-0001', 'DS-0003'], title: 't', summary: 's', url: 'https://example.org', obtained: '2026-02-01', declared: true };
  const w14s = snapshotOf('W14', keep('W14', w14.start(w14Input, ctxFor(PEOPLE.applicant, w14Sources)), true), PEOPLE.applicant.id, null);
  const w14r = run('W14', w14s, w14.transition(w14s, EVENTS.return, bureau));
  const w14again = run('W14', w14r, w14.transition(w14r, EVENTS.resubmit, ctxFor(PEOPLE.applicant, w14Sources)));
  run('W14', w14again, w14.transition(w14again, EVENTS.approve, bureau));
  run('W14', w14s, w14.transition(w14s, EVENTS.reject, bureau));

  // W11: each path by the sharing attribute, a return and resubmission, a refusal disputed and coordinated both ways,
  // and data held at a higher level referred and answered both ways.
  const sharer = (ds = dataset(), provider: ReturnType<typeof targetAgency> | undefined = undefined) =>
    ctxFor(PEOPLE.otherProviderReviewer, { dataset: ds, ...(provider ? { provider } : {}) });
  const shareInput = { duty: '核对救助对象出行记录', scenario: '社会救助核查', commit: true as const };
  const w11Start = (ds: ReturnType<typeof dataset>, provider?: ReturnType<typeof targetAgency>) =>
    snapshotOf('W11', keep('W11', w11.start(shareInput, sharer(ds, provider)), true), PEOPLE.otherProviderReviewer.id, ds.id);
  const refuse = { type: 'reject' as const, reasons: ['含个人出行轨迹', '场景无需明细'], legalBasis: '个人信息保护法第三十四条' };
  const w11u = w11Start(dataset({ sharing: 'unconditional' }));
  run('W11', w11u, w11.transition(w11u, EVENTS.approve, bureau));
  const w11c = w11Start(dataset({ sharing: 'conditional', sharingConditions: '限规划', sharingBasis: '个人信息保护法' }));
  const w11cr = run('W11', w11c, w11.transition(w11c, EVENTS.return, bureau));
  const w11cs = run('W11', w11cr, w11.transition(w11cr, { type: 'resubmit', input: { scenario: '社会救助对象核查' } }, sharer()));
  const w11cp = run('W11', w11cs, w11.transition(w11cs, EVENTS.approve, bureau));
  run('W11', w11cp, w11.transition(w11cp, EVENTS.approve, provider));
  const w11cf = run('W11', w11cp, w11.transition(w11cp, refuse, provider));
  const w11cd = run('W11', w11cf, w11.transition(w11cf, { type: 'dispute', reason: '数据已按线路汇总' }, sharer()));
  run('W11', w11cd, w11.transition(w11cd, EVENTS.approve, bureau));
  run('W11', w11cd, w11.transition(w11cd, refuse, bureau));
  const w11n = w11Start(dataset({ sharing: 'none', sharingBasis: '个人信息保护法' }));
  const w11nd = run('W11', w11n, w11.transition(w11n, EVENTS.approve, bureau));
  run('W11', w11nd, w11.transition(w11nd, refuse, provider));
  const upper = targetAgency({ level: 'province' });
  const w11x = w11Start(dataset(), upper);
  const w11xr = run('W11', w11x, w11.transition(w11x, EVENTS.return, bureau));
  const w11xs = run('W11', w11xr, w11.transition(w11xr, { type: 'resubmit', input: {} }, sharer()));
  const w11xd = run('W11', w11xs, w11.transition(w11xs, EVENTS.approve, bureau));
  run('W11', w11xd, w11.transition(w11xd, EVENTS.approve, bureau));
  run('W11', w11xd, w11.transition(w11xd, refuse, bureau));

  // W2S: to conditional, approved; to not shared, approved (its sharing grants end); a refusal.
  const w2sStart = (input: Parameters<typeof w2s.start>[0]) => snapshotOf('W2S', keep('W2S', w2s.start(input, provider), true), PEOPLE.providerReviewer.id, 'DS-0001');
  const w2sc = w2sStart({ to: 'conditional', share_conditions: '限规划部门', share_basis: '个人信息保护法', reason: null });
  run('W2S', w2sc, w2s.transition(w2sc, EVENTS.approve, bureau));
  run('W2S', w2sc, w2s.transition(w2sc, EVENTS.reject, bureau));
  const w2sn = w2sStart({ to: 'none', share_conditions: null, share_basis: '数据安全法', reason: '突发公共事件临时调整' });
  run('W2S', w2sn, w2s.transition(w2sn, EVENTS.approve, bureau));

  // W12: the platform asks a provider and the authority; the provider files, is returned, files again, is approved;
  // the authority publishes the city's plan.
  const w12Provider = snapshotOf('W12', keep('W12', w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null, agency: targetAgency() })), true), PLATFORM.id, null);
  const filedPlan = { type: 'plan' as const, items: ['公交站点候车时长'], scenarios: '通勤出行', measures: '按月更新' };
  const w12f = run('W12', w12Provider, w12.transition(w12Provider, filedPlan, provider));
  const w12r = run('W12', w12f, w12.transition(w12f, EVENTS.return, bureau));
  const w12f2 = run('W12', w12r, w12.transition(w12r, filedPlan, provider));
  run('W12', w12f2, w12.transition(w12f2, EVENTS.approve, bureau));
  const w12City = snapshotOf('W12', keep('W12', w12.start({ year: '2026' }, ctxFor(PLATFORM, { dataset: null, agency: { ...AUTHORITY, publishedCodes: [] } })), true), PLATFORM.id, null);
  run('W12', w12City, w12.transition(w12City, EVENTS.approve, bureau));

  it('walks every registered workflow', () => {
    expect([...new Set(emitted.map((e) => e.workflow))].sort()).toEqual([...WORKFLOWS.ids].sort());
  });

  it('every message and action comes from the catalog, and every catalog entry is used', () => {
    for (const id of Object.keys(CATALOG)) {
      const mine = emitted.filter((e) => e.workflow === id);
      const messages = new Set(mine.flatMap((e) => e.effects.flatMap((x) => (x.type === 'notify' ? [x.message] : []))));
      const actions = new Set(mine.map((e) => e.action));
      expect([...messages].sort(), id).toEqual([...CATALOG[id]!.messages].sort());
      expect([...actions].sort(), id).toEqual([...CATALOG[id]!.actions].sort());
    }
  });

  it('every slot of every message sent is filled, in both languages', () => {
    for (const { effects } of emitted)
      for (const e of effects) {
        if (e.type !== 'notify') continue;
        const given = new Set([...Object.keys(e.params), ...ADDED_BY_APPLICATION, ...TERMS]);
        for (const locale of LOCALES) {
          const missing = slots(dictionaries[locale][e.message] ?? '').filter((s) => !given.has(s));
          expect(missing, `${locale} ${e.message}`).toEqual([]);
        }
      }
  });

  it('every term a message uses is set by every city profile, in both languages', () => {
    for (const locale of LOCALES) {
      const used = new Set(Object.values(dictionaries[locale]).flatMap((v) => slots(v)).filter((x) => x === 'platform' || x.startsWith('law_')));
      for (const p of Object.values(PROFILES))
        for (const term of used) expect(p.terms[locale][term], `${p.id} ${locale} ${term}`).toBeTruthy();
    }
  });

  it('every notify after the start names the case', () => {
    for (const { effects, action, fromStart } of emitted)
      if (!fromStart)
        for (const e of effects) if (e.type === 'notify') expect(e.params.caseId, `${action} ${e.message}`).toBeTruthy();
  });

  it('every notify that starts a clock gives the due date', () => {
    for (const { effects } of emitted)
      for (const e of effects)
        if (e.type === 'notify' && /\{dueOn\}|\{dueBy\}/.test(dictionaries['zh-CN'][e.message] ?? '')) expect(e.params.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
