// W2 Open-attribute change 开放属性调整 (T8, Z18, G(一)4–5, S8): a provider may not change the open attribute of its
// published data on its own. Its data officer applies with the basis and the reason, the authority reviews, and the
// dataset's attribute (and its published conditions, Z19) changes only when the authority approves. A downgrade
// (unconditional → conditional or closed, conditional → closed) must meet the city's rule, which is profile data
// (`attributeDowngrade`); an upgrade is reviewed too (T8 ¶3 其他调整…说明原因) and names what made it possible:
// desensitisation or the right-holder's consent (T8 ¶2, Z18, S8, G(一)5). When the change is made, its consequences are
// carried out with it: closed data ends the grants on it and tells their holders; data opened to all closes the
// applications still waiting for it, with a notice.
import { fail, type DomainError, type Params } from '../errors.ts';
import { askIf, defineForm, field, optional } from '../forms/form.ts';
import type { CatalogEntry, Dataset, OpenAttribute } from '../model.ts';
import type { Effect } from '../effects/effect.ts';
import { refusedToFiler } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { APPROVE, REJECT } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { Assignment, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';
import { blankToNull } from './raw-values.ts';
import { catalogEntryOf } from './catalog-entry.ts';

export const OPEN_ATTRIBUTES = ['unconditional', 'conditional', 'closed'] as const satisfies readonly OpenAttribute[];

/** What made closed or conditional data openable (T8 ¶2, Z18: 脱敏、脱密处理 or 经相关权利人同意; S8 经评估). */
export const W2_ENABLERS = ['desensitised', 'consent', 'other'] as const;
export type W2Enabler = (typeof W2_ENABLERS)[number];

const toConditional = (raw: Readonly<Record<string, string>>): boolean => raw.to?.trim().toLowerCase() === 'conditional';

/**
 * `basis` and `reason` are each optional in the form: which of them a downgrade needs is the city's rule, checked by
 * `start`; an upgrade names its reason (T8 ¶3) and what made it possible.
 */
export const w2Form = defineForm('w2', {
  to: field.choice(OPEN_ATTRIBUTES),
  basis: optional(field.text()),
  reason: optional(field.text()),
  enabler: optional(field.choice(W2_ENABLERS)),
  // Z19 应公布开放条件: conditional data publishes its conditions.
  conditions: askIf(field.text(), toConditional),
  // T6, G(二)3: conditions discriminate against no one, declared as for a new catalog entry (W1).
  fair: askIf(field.confirm(), toConditional),
});

export type W2Input = NonNullable<(typeof w2Form)['_values']>;

export const W2_STATES = ['authority_review', 'changed', 'refused'] as const;

export const W2_ACTIONS = {
  submit: 'W2.submit',
  approve: 'W2.approve',
  refuse: 'W2.refuse',
} as const;

export const W2_MESSAGES = {
  /** To the provider's officer: the application is with the authority, due {dueOn}. */
  submitted: 'notify.w2.submitted',
  /** To the authority's reviewers: an attribute change to decide. */
  assigned: 'notify.w2.assigned',
  /** To every data officer of the provider: the attribute has changed (any other change of theirs on it ends). */
  changed: 'notify.w2.changed',
  /** To the provider's officer: refused, with the basis; the attribute stays. */
  refused: 'notify.w2.refused',
  /** To every grant holder and pending applicant: the data is closed now, grants and applications end. */
  audience_closed: 'notify.w2.audience_closed',
  /** To every grant holder and pending applicant: the data is open to all now, no application is needed. */
  audience_open: 'notify.w2.audience_open',
} as const;

export interface W2Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  from: OpenAttribute;
  to: OpenAttribute;
  downgrade: boolean;
  basis: string | null;
  reason: string | null;
  enabler: W2Enabler | null;
  /** The open conditions to publish, when the change is to conditional (Z19). */
  conditions: string | null;
  rejection: { legalBasis: string; reason: string | null } | null;
}

/** T8 ¶1, Z18, G(一)5: less open. Every other change opens the data further (T8 ¶2–3, S8, G(一)5). */
const RANK: Readonly<Record<OpenAttribute, number>> = { closed: 0, conditional: 1, unconditional: 2 };
export const isDowngrade = (from: OpenAttribute, to: OpenAttribute): boolean => RANK[to] < RANK[from];

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const attributeLabel = (a: OpenAttribute) => `common.attribute.${a}`;

function params(data: W2Data): Params {
  return {
    datasetCode: data.dataset.code,
    datasetName: data.dataset.name,
    fromLabel: attributeLabel(data.from),
    toLabel: attributeLabel(data.to),
    basis: data.basis ?? '—',
    reason: data.reason ?? '—',
  };
}

/**
 * T8 ¶1 公共数据开放主体…提出申请: only the provider's data officer, on its own published data. A sharing attribute is
 * changed the same way (W2S).
 */
export function providerOfficerRefusal(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (!ctx.actor.roles.includes('reviewer') || ctx.actor.agencyId !== ds.providerAgencyId) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

/** The grounds the city's rule asks of a downgrade (the profile's `attributeDowngrade`), or why they fall short. */
function downgradeRefusal(basis: string | null, reason: string | null, ctx: TransitionContext): DomainError | null {
  switch (ctx.profile.attributeDowngrade.rule) {
    // T8: 未提供依据且无合理理由的，不予调整 — refused only when both are missing.
    case 'basis_or_reason':
      return basis || reason ? null : fail('DOWNGRADE_GROUNDS_REQUIRED', undefined, 'reason');
    // G(一)5: 明确的法律、法规依据或者国家、省有关政策依据.
    case 'basis':
      return basis ? null : fail('DOWNGRADE_BASIS_REQUIRED', undefined, 'basis');
    // Z18: 未经市大数据工作主管部门同意…不得变更 — the authority's consent decides; nothing more is asked up front.
    case 'consent':
      return null;
  }
}

function start(input: W2Input, ctx: TransitionContext): TransitionResult<W2Data> {
  const refusal = providerOfficerRefusal(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const from: OpenAttribute = ds.attribute;
  const to = input.to;
  if (to === from) return fail('ATTRIBUTE_UNCHANGED', { datasetCode: ds.code }, 'to');
  const basis = blankToNull(input.basis);
  const reason = blankToNull(input.reason);
  const downgrade = isDowngrade(from, to);
  if (downgrade) {
    const short = downgradeRefusal(basis, reason, ctx);
    if (short) return short;
  } else {
    // T8 ¶3: 申请其他调整的…说明原因; T8 ¶2, Z18, S8, G(一)5: what made the data openable.
    if (!reason) return fail('ATTRIBUTE_REASON_REQUIRED', undefined, 'reason');
    if (!input.enabler) return fail('ENABLER_REQUIRED', undefined, 'enabler');
  }
  const conditions = to === 'conditional' ? blankToNull(input.conditions) : null;
  if (to === 'conditional') {
    if (!conditions) return fail('CONDITIONS_REQUIRED', undefined, 'conditions');
    if (input.fair !== true) return fail('NON_DISCRIMINATION_REQUIRED', undefined, 'fair');
  }
  const data: W2Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    from,
    to,
    downgrade,
    basis,
    reason,
    enabler: downgrade ? null : input.enabler,
    conditions,
    rejection: null,
  };
  const assignee = authorityReview(ctx);
  const deadline = startClock(ctx, 'W2.review');
  const told = { ...params(data), conditions: conditions ?? '—', dueOn: deadline.dueOn };
  return {
    ok: true,
    state: 'authority_review',
    data,
    assignee,
    deadline,
    effects: [
      notifyUser(ctx.actor.id, W2_MESSAGES.submitted, told),
      notifyAgency(assignee, W2_MESSAGES.assigned, told),
      // S8, G(一)5: applying to change the attribute is the outcome of its re-assessment — the one the platform asked
      // for ends, and the next counts from today, whatever the authority decides.
      { type: 'closeCases', datasetId: ds.id, workflows: ['W2R'], reason: reason ?? basis ?? '' },
      { type: 'recordAssessment', datasetId: ds.id, on: ctx.today },
    ],
    action: W2_ACTIONS.submit,
    detail: {
      datasetId: ds.id,
      from,
      to,
      ...(basis ? { basis } : {}),
      ...(reason ? { reason } : {}),
      ...(data.enabler ? { enabler: data.enabler } : {}),
      ...(conditions ? { conditions, fair: 'yes' } : {}),
    },
  };
}

function entryOf(ds: Dataset, to: OpenAttribute, conditions: string | null): CatalogEntry {
  return { ...catalogEntryOf(ds), attribute: to, conditions: to === 'conditional' ? conditions : null };
}

/**
 * The change and what follows from it, in one transaction. The audience — grant holders and the applicants (W5) whose
 * applications end — is told before the grants end (it is read from the grants in force). Every other attribute change still waiting on the dataset ends too: it was asked from an
 * attribute the data no longer has.
 */
function changing(data: W2Data, ds: Dataset, caseId: string, today: string): Effect[] {
  const why = data.reason ?? data.basis ?? '';
  const told = { caseId, ...params(data) };
  const datasetId = data.dataset.id;
  // The attribute is set anew today: its next re-assessment (W2R) counts from it. Closed data owed no update (W13);
  // opened, it is open data from today, and its next update counts from it, as from a publication.
  const update: Effect[] = [
    { type: 'updateDataset', datasetId, entry: entryOf(ds, data.to, data.conditions) },
    { type: 'recordAssessment', datasetId, on: today },
    ...(data.from === 'closed' ? [{ type: 'recordUpdate', datasetId, on: today } as const] : []),
  ];
  if (data.to === 'closed')
    return [
      { type: 'notify', to: { kind: 'datasetAudience', datasetId, applicationsOf: ['W5'] }, message: W2_MESSAGES.audience_closed, params: told },
      // Closed data owes no update (T12 speaks of open data): its freshness duty ends with it.
      { type: 'closeCases', datasetId, workflows: ['W5', 'W2', 'W2R', 'W13'], reason: why },
      { type: 'endGrants', datasetId, reason: why },
      ...update,
    ];
  if (data.to === 'unconditional')
    return [
      { type: 'notify', to: { kind: 'datasetAudience', datasetId, applicationsOf: ['W5'] }, message: W2_MESSAGES.audience_open, params: told },
      // Data open to all is re-assessed no more (S8, G(一)5 speak of conditional and closed data).
      { type: 'closeCases', datasetId, workflows: ['W5', 'W2', 'W2R'], reason: why },
      ...update,
    ];
  // To conditional: nothing to close; the conditions are published with the entry (Z19).
  return [{ type: 'closeCases', datasetId, workflows: ['W2', 'W2R'], reason: why }, ...update];
}

const table: TransitionTable<W2Data> = {
  authority_review: {
    approve: {
      // The dataset was delisted while the change waited (W4 closes it then; this guards a race): nothing to change.
      refuse: (s, ctx) => (ctx.dataset?.status === 'published' ? null : fail('DATASET_NOT_PUBLISHED', { datasetCode: s.data.dataset.code })),
      run(s, event, ctx): TransitionResult<W2Data> {
        const note = event.note?.trim();
        const provider = { agencyId: s.data.dataset.providerAgencyId, role: 'reviewer' as const };
        return {
          ok: true,
          state: 'changed',
          data: s.data,
          assignee: null,
          deadline: null,
          effects: [
            ...changing(s.data, ctx.dataset!, s.id, ctx.today),
            notifyAgency(provider, W2_MESSAGES.changed, { caseId: s.id, ...params(s.data), conditions: s.data.conditions ?? '—' }),
          ],
          action: W2_ACTIONS.approve,
          detail: note ? { from: s.data.from, to: s.data.to, note } : { from: s.data.from, to: s.data.to },
        };
      },
    },
    reject: refusedToFiler(W2_MESSAGES.refused, W2_ACTIONS.refuse, params),
  },
};

export const w2AttributeChange = defineWorkflow({
  id: 'W2',
  form: w2Form,
  starts: [{ verb: 'attribute', target: 'dataset', rest: 'reason' }],
  actions: [APPROVE, REJECT],
  states: W2_STATES,
  terminalStates: ['changed', 'refused'],
  clocks: ['review'],
  messages: Object.values(W2_MESSAGES),
  auditActions: Object.values(W2_ACTIONS),
  // `from` stays in the audit detail; the history shows where the change goes, by the option's label.
  history: ['to', 'basis', 'reason', 'enabler', 'conditions', 'fair', 'legalBasis', 'note'],
  facts: (data: W2Data) => ({ to: data.to, ...(data.enabler ? { enabler: data.enabler } : {}) }),
  table,
  eligible: providerOfficerRefusal,
  start,
});
