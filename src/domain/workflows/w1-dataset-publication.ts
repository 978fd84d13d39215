// W1 Dataset publication 开放数据发布 (T9, S14, G(一)6): a provider submits a catalog entry, the authority's formal review
// (2 wd, T9(二)) publishes it or returns it with every reason at once; the provider corrects and resubmits. Submitting,
// the provider declares the security review done (S32) and, for conditional data, that its conditions discriminate
// against no one (T6, G(二)3).
import { fail, KaifangError, type DomainError, type Params } from '../errors.ts';
import { askIf, defineForm, field, MAX_LENGTH, optional } from '../forms/form.ts';
import { DATA_FORMATS, DATA_TYPES, SHARE_ATTRIBUTES, UPDATE_FREQUENCIES, type CatalogEntry } from '../model.ts';
import { rejectDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { parseMerged } from './raw-values.ts';
import { APPROVE, REJECT, RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import { demandRefusal } from './w6-data-demand.ts';
import type { Assignment, CaseSnapshot, Transition, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';
import { sharingFields, sharingOf } from './sharing-attribute.ts';

const isConditional = (raw: Readonly<Record<string, string>>): boolean => raw.attribute?.trim().toLowerCase() === 'conditional';

/**
 * S14, S16, G(一)6: name, summary, data items, open attribute, conditions if conditional, formats, data type, update
 * frequency; then the provider's declarations (S32, T6).
 */
/**
 * The fields of a catalog entry a provider writes (S14, G(一)6), beside its open attribute: W1 asks them for a new entry,
 * W3 offers them to change one (Z10, B12).
 */
export const CATALOG_FIELDS = {
  name: field.text(MAX_LENGTH.title),
  summary: field.text(),
  fields: field.list(),
  formats: field.multi(DATA_FORMATS),
  // S14: 数据格式、数据类型 are two things (model.ts DATA_TYPES).
  type: field.choice(DATA_TYPES),
  frequency: field.choice(UPDATE_FREQUENCIES),
};

export const w1Form = defineForm('w1', {
  name: CATALOG_FIELDS.name,
  summary: CATALOG_FIELDS.summary,
  fields: CATALOG_FIELDS.fields,
  attribute: field.choice(['unconditional', 'conditional']),
  // T6, T14: conditional data must state its conditions.
  conditions: askIf(field.text(), isConditional),
  // T6 不得设置为规模性、地域性等歧视性条件, G(二)3 不得设定歧视性条件: the provider declares its conditions are none.
  fair: askIf(field.confirm(), isConditional),
  formats: CATALOG_FIELDS.formats,
  type: CATALOG_FIELDS.type,
  frequency: CATALOG_FIELDS.frequency,
  // Z13, B20 共享属性: never asked (a dataset with no basis recorded is shared unconditionally, B20); given as
  // conditional, its conditions (Z13 列明申请条件) and basis are asked; as not shared, its basis (Z13 注明…依据).
  sharing: optional(field.choice(SHARE_ATTRIBUTES)),
  ...sharingFields('sharing'),
  // S32: 对拟开放的公共数据进行安全审查，未经审查的数据不得开放 — confirmed before the entry is submitted.
  security: field.confirm(),
  // T16 经论证可以开放的…开放: the W6 demand this entry opens the data of (`demand=C-0001`); never asked.
  demand: optional(field.text(MAX_LENGTH.short)),
});

export type W1Input = NonNullable<(typeof w1Form)['_values']>;

export const W1_STATES = ['formal_review', 'returned', 'published', 'rejected'] as const;
export type W1State = (typeof W1_STATES)[number];

export const W1_ACTIONS = {
  submit: 'W1.submit',
  approve: 'W1.approve',
  return: 'W1.return',
  reject: 'W1.reject',
  resubmit: 'W1.resubmit',
} as const;

export const W1_MESSAGES = {
  /** To the submitting officer: received, due by {dueOn}. */
  submitted: 'notify.w1.submitted',
  /** To the authority's reviewers: a formal review is waiting. */
  assigned: 'notify.w1.assigned',
  published: 'notify.w1.published',
  returned: 'notify.w1.returned',
  rejected: 'notify.w1.rejected',
  resubmitted: 'notify.w1.resubmitted',
} as const;

/** What the provider declared on submitting (S32, T6). */
export interface W1Declarations {
  /** S32: the security review of the data is done. */
  securityReviewed: true;
  /** T6, G(二)3: the conditions are not discriminatory; null for unconditional data, which has none. */
  nonDiscriminatory: true | null;
}

export interface W1Data {
  entry: CatalogEntry;
  /** null only on a case filed before the declarations were asked: its resubmission has to make them. */
  declarations: W1Declarations | null;
  /** The agency that publishes the dataset: the submitting officer's. */
  providerAgencyId: string;
  /** 1 on the first submission, +1 per resubmission. */
  submissions: number;
  /** The reasons of the latest return (一次性告知); empty when not returned. */
  reasons: string[];
  /** Set when rejected (T15, S20 style: a refusal cites its basis). */
  rejection: { legalBasis: string; reason: string | null } | null;
  /** The W6 demand the entry opens the data of (T16): met when the entry is published. Absent on older cases. */
  demandCaseId?: string | null;
}

function entryOf(input: W1Input): CatalogEntry | DomainError {
  const conditions = input.conditions?.trim() ?? '';
  // T6, T14(三), G(一)3: conditional data is opened only on conditions the provider states.
  if (input.attribute === 'conditional' && conditions === '') return fail('CONDITIONS_REQUIRED', undefined, 'conditions');
  // Z13, B20: never asked, so unconditional unless given.
  const sharing = sharingOf(input.sharing ?? 'unconditional', input.share_conditions, input.share_basis);
  if ('error' in sharing) return sharing;
  return {
    name: input.name,
    summary: input.summary,
    fields: [...input.fields],
    attribute: input.attribute,
    conditions: input.attribute === 'conditional' ? conditions : null,
    formats: [...input.formats],
    dataType: input.type,
    updateFrequency: input.frequency,
    ...sharing,
  };
}

function declarationsOf(input: W1Input): W1Declarations | DomainError {
  // S32: 未经审查的数据不得开放.
  if (input.security !== true) return fail('SECURITY_REVIEW_REQUIRED', undefined, 'security');
  // T6, G(二)3: no discriminatory conditions.
  if (input.attribute === 'conditional' && input.fair !== true) return fail('NON_DISCRIMINATION_REQUIRED', undefined, 'fair');
  return { securityReviewed: true, nonDiscriminatory: input.attribute === 'conditional' ? true : null };
}

/** The case's entry and declarations as the form's values, for a resubmission to correct. */
function formValuesOf(data: W1Data): Record<string, unknown> {
  const { entry, declarations } = data;
  return {
    name: entry.name,
    summary: entry.summary,
    fields: entry.fields,
    attribute: entry.attribute,
    conditions: entry.conditions,
    fair: declarations?.nonDiscriminatory ?? null,
    formats: entry.formats,
    type: entry.dataType,
    frequency: entry.updateFrequency,
    // A case filed before the sharing attribute was asked: shared unconditionally (B20).
    sharing: entry.sharing ?? 'unconditional',
    share_conditions: entry.sharingConditions ?? null,
    share_basis: entry.sharingBasis ?? null,
    security: declarations?.securityReviewed ?? null,
  };
}

/** A resubmission that writes new conditions: the old declaration was about the old ones (T6). */
function newConditions(input: Readonly<Record<string, unknown>>, entry: CatalogEntry): boolean {
  const given = typeof input.conditions === 'string' ? input.conditions.trim() : '';
  return given !== '' && given !== entry.conditions;
}

/** What a reviewer is told of the entry: its data type and update frequency, by their labels in the reader's language. */
function entryParams(entry: CatalogEntry): Params {
  return {
    name: entry.name,
    typeLabel: `forms.w1.type.options.${entry.dataType}`,
    frequencyLabel: `forms.w1.frequency.options.${entry.updateFrequency}`,
  };
}

/** The audit line of a submission: what was declared (S32, T6). */
function declarationDetail(d: W1Declarations): Params {
  return d.nonDiscriminatory ? { security: 'yes', fair: 'yes' } : { security: 'yes' };
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });

function datasetIdOf(snapshot: CaseSnapshot<W1Data>): string {
  // The application sets it from the createDataset effect when it creates the case.
  if (snapshot.datasetId === null)
    throw new KaifangError('CASE_WITHOUT_DATASET', `W1 case ${snapshot.id} has no datasetId: set it from the createDataset effect.`);
  return snapshot.datasetId;
}

/** T9(一): the provider (公共数据开放主体) submits, through its reviewer (data officer, Z8); not the authority itself. */
function eligible(ctx: TransitionContext): DomainError | null {
  const { actor } = ctx;
  if (!actor.roles.includes('reviewer') || actor.agencyId === null || actor.agencyId === ctx.authority.id)
    return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

function start(input: W1Input, ctx: TransitionContext): TransitionResult<W1Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const { actor } = ctx;
  if (actor.agencyId === null) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  const entry = entryOf(input);
  if ('ok' in entry) return entry;
  const declarations = declarationsOf(input);
  if ('ok' in declarations) return declarations;
  const typed = input.demand?.trim().toUpperCase() ?? '';
  if (typed !== '') {
    const refused = demandRefusal(ctx.linked, typed, actor.agencyId);
    if (refused) return refused;
  }
  const demandCaseId = typed === '' ? null : ctx.linked!.id;
  const assignee = authorityReview(ctx);
  // T9(二): formal review within 2 wd.
  const deadline = startClock(ctx, 'W1.formal_review');
  return {
    ok: true,
    state: 'formal_review',
    data: { entry, declarations, providerAgencyId: actor.agencyId, submissions: 1, reasons: [], rejection: null, ...(demandCaseId ? { demandCaseId } : {}) },
    assignee,
    deadline,
    effects: [
      { type: 'createDataset', entry, providerAgencyId: actor.agencyId },
      notifyUser(actor.id, W1_MESSAGES.submitted, { name: entry.name, dueOn: deadline.dueOn }),
      notifyAgency(assignee, W1_MESSAGES.assigned, { ...entryParams(entry), dueOn: deadline.dueOn }),
    ],
    action: W1_ACTIONS.submit,
    detail: { name: entry.name, attribute: entry.attribute, type: entry.dataType, ...declarationDetail(declarations), ...(demandCaseId ? { demand: demandCaseId } : {}) },
  };
}

const table: TransitionTable<W1Data> = {
  formal_review: {
    approve: {
      run(s, event) {
        const datasetId = datasetIdOf(s);
        const detail: Params = { datasetId };
        const note = event.note?.trim();
        if (note) detail.note = note;
        return {
          ok: true,
          state: 'published',
          data: { ...s.data, reasons: [] },
          assignee: null,
          deadline: null,
          // T9(二): passed → published on the open data website.
          effects: [
            { type: 'publishDataset', datasetId },
            notifyUser(s.applicantId, W1_MESSAGES.published, { caseId: s.id, name: s.data.entry.name }),
            // T16: the demand it was filed for is met, its requester and followers told the code.
            ...(s.data.demandCaseId ? [{ type: 'fulfilDemand' as const, demandCaseId: s.data.demandCaseId, datasetId }] : []),
          ],
          action: W1_ACTIONS.approve,
          detail,
        };
      },
    },
    return: {
      run(s, event) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // T9(二): not passed → the reasons, told all at once; the clock stops until the provider resubmits.
        return returnForCorrection(s, grounds, { message: W1_MESSAGES.returned, action: W1_ACTIONS.return, params: { name: s.data.entry.name } });
      },
    },
    reject: {
      run(s, event) {
        const grounds = rejectGrounds(event);
        if (!grounds.ok) return grounds;
        const rejection = { legalBasis: grounds.legalBasis, reason: grounds.reason };
        return {
          ok: true,
          state: 'rejected',
          data: { ...s.data, rejection },
          assignee: null,
          deadline: null,
          effects: [
            notifyUser(s.applicantId, W1_MESSAGES.rejected, {
              caseId: s.id,
              name: s.data.entry.name,
              legalBasis: grounds.legalBasis,
              reason: grounds.reason ?? '',
            }),
          ],
          action: W1_ACTIONS.reject,
          detail: rejectDetail(grounds),
        };
      },
    },
  },
  returned: {
    resubmit: {
      run(s, event, ctx): TransitionResult<W1Data> {
        const previous = formValuesOf(s.data);
        if (newConditions(event.input, s.data.entry)) previous.fair = null;
        const parsed = parseMerged(w1Form, previous, event.input);
        if (!parsed.ok) {
          // What only a whole entry can miss: conditions and the declarations its attribute needs (asked only then).
          const missing = new Set(parsed.issues.filter((i) => i.code === 'missing').map((i) => i.field));
          if (parsed.issues.every((i) => missing.has(i.field))) {
            if (missing.has('conditions')) return fail('CONDITIONS_REQUIRED', undefined, 'conditions');
            if (missing.has('security')) return fail('SECURITY_REVIEW_REQUIRED', undefined, 'security');
            if (missing.has('fair')) return fail('NON_DISCRIMINATION_REQUIRED', undefined, 'fair');
          }
          return fail('INVALID_INPUT', { field: parsed.issues.map((i) => i.field).join(', ') });
        }
        const entry = entryOf(parsed.value);
        if ('ok' in entry) return entry;
        const declarations = declarationsOf(parsed.value);
        if ('ok' in declarations) return declarations;
        const datasetId = datasetIdOf(s);
        const assignee = authorityReview(ctx);
        // A resubmission starts a new clock (spec: 补正 stops the clock, the resubmission starts a new one).
        const deadline = startClock(ctx, 'W1.formal_review');
        const next: Transition<W1Data> = {
          ok: true,
          state: 'formal_review',
          data: { ...s.data, entry, declarations, submissions: s.data.submissions + 1, reasons: [] },
          assignee,
          deadline,
          effects: [
            { type: 'updateDataset', datasetId, entry },
            notifyUser(s.applicantId, W1_MESSAGES.resubmitted, { caseId: s.id, name: entry.name, dueOn: deadline.dueOn }),
            notifyAgency(assignee, W1_MESSAGES.assigned, { caseId: s.id, ...entryParams(entry), dueOn: deadline.dueOn }),
          ],
          action: W1_ACTIONS.resubmit,
          detail: { submission: s.data.submissions + 1, ...declarationDetail(declarations) },
        };
        return next;
      },
    },
  },
};

export const w1DatasetPublication = defineWorkflow({
  id: 'W1',
  form: w1Form,
  starts: [{ verb: 'submit', target: 'none', rest: null, caseField: 'demand' }],
  actions: [APPROVE, RETURN, REJECT, RESUBMIT],
  states: W1_STATES,
  terminalStates: ['published', 'rejected'],
  clocks: ['formal_review'],
  messages: Object.values(W1_MESSAGES),
  auditActions: Object.values(W1_ACTIONS),
  history: ['type', 'security', 'fair', 'demand', 'reasons', 'legalBasis', 'reason', 'note'],
  facts: (data: W1Data) => ({ type: data.entry.dataType, frequency: data.entry.updateFrequency, ...(data.demandCaseId ? { demand: data.demandCaseId } : {}) }),
  table,
  eligible,
  start,
});
