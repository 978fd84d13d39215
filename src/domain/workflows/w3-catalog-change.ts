// W3 Catalog change 目录变更 (Z10, B12): the catalog is kept up to date (动态维护, 动态调整机制). When the law, the rules
// or an agency's duties change, the provider files the change of its catalog entry within 15 working days (Z10: 因法律、
// 法规修改或职能职责变更…应在15个工作日内提交变更申请; B12: 法律、法规、规章依据或者法定职能发生变化的，应当在15个工作日内
// 提出目录变更申请), and the authority reviews it within 2 (Z10: 应在2个工作日内完成审核并发布; B12: 应当在2个工作日内审核，
// 并更新本级公共数据资源目录). Removing or editing an entry needs the city authority's consent (B12: 涉及删减、修改目录的，
// 应当经市人民政府大数据工作主管部门同意): nothing changes in the catalog before it approves.
//
// Two ways in. The provider's data officer files at once (`amend`), naming what changed and when; or the authority
// records the trigger (`trigger`), which opens the provider's duty on the 15-day clock from the date of the change, and
// the provider files on that case (`file`). A trigger names a dataset, or the provider agency itself: a change of law
// or of an agency's duties concerns its catalog as a whole (Z10, B12: 职能职责变更), so its filing names which of its
// published datasets the change is for, and from then the case goes on as one about that dataset. A filing later than
// 15 working days after the change is taken all the same — the articles set the provider a time, they do not bar a
// late change — and the authority is told it is late. A return sends the filing back to the provider with every reason at once, on a new clock (补正).
import { fail, type DomainError, type Params } from '../errors.ts';
import { askIf, defineForm, field, MAX_LENGTH, optional } from '../forms/form.ts';
import type { CatalogEntry, Dataset, LocalDate } from '../model.ts';
import type { Effect } from '../effects/effect.ts';
import { formatReasons, rejectGrounds, returnGrounds, refusal } from './grounds.ts';
import { notifyAgency } from './notify.ts';
import { startClock } from './policy-values.ts';
import { APPROVE, REJECT, RETURN } from './common-actions.ts';
import { CATALOG_FIELDS } from './w1-dataset-publication.ts';
import { delistingEffects } from './w4-delisting.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { ActionDefinition, Assignment, CaseSnapshot, TargetAgency, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';
import { blankToNull } from './raw-values.ts';
import { catalogEntryOf } from './catalog-entry.ts';

const hasConditions = (raw: Readonly<Record<string, string>>): boolean => (raw.conditions ?? '').trim() !== '';

/**
 * What a filing may change: any of the catalog fields W1 asks (S14), each optional, the open conditions of conditional
 * data with the declaration that they discriminate against no one (T6, G(二)3), or `delete`: the entry leaves the
 * catalog. The open attribute is W2's to change.
 */
const CHANGE_FIELDS = {
  name: optional(CATALOG_FIELDS.name),
  summary: optional(CATALOG_FIELDS.summary),
  fields: optional(CATALOG_FIELDS.fields),
  formats: optional(CATALOG_FIELDS.formats),
  type: optional(CATALOG_FIELDS.type),
  frequency: optional(CATALOG_FIELDS.frequency),
  conditions: optional(field.text()),
  fair: askIf(field.confirm(), hasConditions),
  delete: field.flag(),
};

/** Z10, B12: what changed (the law, the rules or the duties) and on which day; then the change itself. */
export const w3Form = defineForm('w3', {
  trigger: field.text(),
  on: field.date(),
  ...CHANGE_FIELDS,
});

export type W3Input = NonNullable<(typeof w3Form)['_values']>;

/**
 * The provider's filing on a trigger the authority recorded, or its correction after a return; `dataset`: which of its
 * published datasets a trigger recorded for the agency as a whole is for (given only then: the case knows it after).
 */
export const fileForm = defineForm('w3file', { dataset: optional(field.text(MAX_LENGTH.short)), ...CHANGE_FIELDS });

export type W3FileInput = NonNullable<(typeof fileForm)['_values']>;

type FileEvent = { type: 'file'; input: Partial<W3FileInput> };
export type W3Event = WorkflowEvent | FileEvent;

/** The provider files the change the trigger calls for (Z10, B12), or corrects a returned one. */
export const FILE: ActionDefinition<W3FileInput, FileEvent> = {
  verb: 'file',
  event: 'file',
  form: fileForm,
  rest: null,
  toEvent: (v) => ({ type: 'file', input: v }),
  button: 'primary',
  datasetField: 'dataset',
};

export const W3_STATES = ['awaiting_filing', 'authority_review', 'amended', 'removed', 'refused'] as const;

export const W3_ACTIONS = {
  trigger: 'W3.trigger',
  submit: 'W3.submit',
  file: 'W3.file',
  approve: 'W3.approve',
  return: 'W3.return',
  refuse: 'W3.refuse',
} as const;

export const W3_MESSAGES = {
  /** To the provider's data officers: the authority recorded a change of law, rules or duties; file by {dueOn}. */
  triggered: 'notify.w3.triggered',
  /** The same for the agency as a whole: its officers name the dataset when they file, among {datasets}. */
  triggered_agency: 'notify.w3.triggered_agency',
  /** To the filing officer: the change is with the authority, due {dueOn}. */
  submitted: 'notify.w3.submitted',
  /** To the authority's reviewers: a catalog change to decide, said late when it is. */
  assigned: 'notify.w3.assigned',
  /** To the provider's data officers: approved, the entry is changed. */
  amended: 'notify.w3.amended',
  /** To the provider's data officers: approved, the entry is off the catalog. */
  removed: 'notify.w3.removed',
  /** To the provider's data officers: returned with every reason, file again by {dueOn}. */
  returned: 'notify.w3.returned',
  /** To the provider's data officers: refused, with the basis; the entry stays as it was. */
  refused: 'notify.w3.refused',
  /** T10 同步通知, as a delisting: to every grant holder and pending applicant, the entry has left the catalog. */
  audience_removed: 'notify.w3.audience_removed',
} as const;

/** The catalog fields a filing changes, as the entry names them; only those that differ from the entry. */
/** What a catalog change may change: not the open attribute (W2's), nor the sharing attribute (changed as W2 changes it). */
export type W3Changes = Partial<Omit<CatalogEntry, 'attribute' | 'sharing' | 'sharingConditions' | 'sharingBasis'>>;

export interface W3Dataset {
  id: string;
  code: string;
  name: string;
  providerAgencyId: string;
}

/**
 * What the case is about: a dataset (`agency` null, or absent in a case stored before a trigger could name an agency),
 * or an agency as a whole, its dataset null until the filing names it (then both).
 */
export type W3Subject = { dataset: W3Dataset; agency?: { id: string; name: string } | null } | { dataset: null; agency: { id: string; name: string } };

export type W3Data = W3Subject & {
  /** Z10, B12: the change of law, rules or duties. */
  trigger: string;
  /** The day it changed: the 15 working days run from it. */
  on: LocalDate;
  /** The last day of the 15 working days (Z10, B12). */
  fileBy: LocalDate;
  /** Who opened the case: the authority recording the trigger, or the provider filing at once. */
  openedBy: 'authority' | 'provider';
  /** What the filing changes; empty until filed, or when the entry is removed. */
  changes: W3Changes;
  /** B12 删减: the entry leaves the catalog. */
  remove: boolean;
  /** The day of the first filing; null until filed. */
  filedOn: LocalDate | null;
  /** Filed after `fileBy`: taken, and the authority told. */
  late: boolean;
  /** The reasons of the latest return; empty when not returned. */
  reasons: string[];
  rejection: { legalBasis: string; reason: string | null } | null;
};

/** The provider's agency: the dataset's, or the one the trigger named before any dataset. */
const providerId = (data: W3Data): string => (data.dataset ? data.dataset.providerAgencyId : data.agency.id);
const provider = (data: W3Data): Assignment => ({ agencyId: providerId(data), role: 'reviewer' });
const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const isAuthorityStaff = (ctx: TransitionContext) => ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === ctx.authority.id;
const isOfficerOf = (ctx: TransitionContext, ds: Dataset) => ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === ds.providerAgencyId;
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A case's message params; a case on an agency has no dataset to name until it is filed. */
function params(data: W3Data): Params {
  const about: Params = data.dataset ? { datasetCode: data.dataset.code, datasetName: data.dataset.name } : { agencyName: data.agency.name };
  return { ...about, trigger: data.trigger, on: data.on, fileBy: data.fileBy };
}

/** The form's key of each changed entry field: the changes read as they are typed (`fields=…`). */
const FORM_KEY: Readonly<Record<keyof W3Changes, keyof W3FileInput>> = {
  name: 'name',
  summary: 'summary',
  fields: 'fields',
  formats: 'formats',
  dataType: 'type',
  updateFrequency: 'frequency',
  conditions: 'conditions',
};

/** The changes on one line, as the form's `key=value` pairs, for the reviewer and the audit line. */
function changesText(changes: W3Changes): string {
  return (Object.entries(changes) as [keyof W3Changes, unknown][])
    .map(([k, v]) => `${FORM_KEY[k]}=${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join('; ');
}

/**
 * Z10, B12: the provider's own published entry, changed by its data officer — or the authority recording a trigger, on
 * one of the provider's datasets or on the provider itself.
 */
function eligible(ctx: TransitionContext): DomainError | null {
  if (ctx.agency) return eligibleAgency(ctx, ctx.agency);
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (!isOfficerOf(ctx, ds) && !isAuthorityStaff(ctx)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

/**
 * A trigger on an agency as a whole: recorded by authority staff only (the provider's own change is `amend`), on a
 * provider (公共管理和服务机构) with data on the open catalog — a change of its duties can change only an entry it has.
 */
function eligibleAgency(ctx: TransitionContext, agency: TargetAgency): DomainError | null {
  if (!isAuthorityStaff(ctx)) return fail('CATALOG_TRIGGER_BY_AUTHORITY', { agencyName: agency.name });
  if (agency.kind !== 'provider') return fail('CATALOG_TRIGGER_NOT_PROVIDER', { agencyName: agency.name });
  if (agency.publishedCodes.length === 0) return fail('CATALOG_TRIGGER_NO_DATA', { agencyName: agency.name });
  return null;
}

type Filing = { changes: W3Changes; remove: boolean };

/**
 * What a filing changes against the entry as it stands: the fields given that differ from it (a field repeated as it is
 * changes nothing), or its removal. `previous`: a returned filing being corrected, whose changes the new values overlay.
 */
function filingOf(input: Partial<W3FileInput>, ds: Dataset, previous: Filing | null): Filing | DomainError {
  const given: W3Changes = { ...(previous?.changes ?? {}) };
  const name = blankToNull(input.name);
  if (name !== null) given.name = name;
  const summary = blankToNull(input.summary);
  if (summary !== null) given.summary = summary;
  if (input.fields && input.fields.length > 0) given.fields = [...input.fields];
  if (input.formats && input.formats.length > 0) given.formats = [...input.formats];
  if (input.type) given.dataType = input.type;
  if (input.frequency) given.updateFrequency = input.frequency;
  const conditions = blankToNull(input.conditions);
  if (conditions !== null) {
    // Only conditional data has open conditions (T14, Z19); the attribute itself is W2's to change.
    if (ds.attribute !== 'conditional') return fail('CATALOG_CONDITIONS_NOT_CONDITIONAL', { datasetCode: ds.code }, 'conditions');
    // T6, G(二)3: new conditions are declared not discriminatory, as in a new entry (W1).
    if (conditions !== ds.conditions && input.fair !== true) return fail('NON_DISCRIMINATION_REQUIRED', undefined, 'fair');
    given.conditions = conditions;
  }
  const remove = input.delete ?? previous?.remove ?? false;
  const changes: W3Changes = {};
  for (const [k, v] of Object.entries(given) as [keyof W3Changes, unknown][]) {
    const now = ds[k];
    const same = Array.isArray(v) && Array.isArray(now) ? sameList(v, now) : v === now;
    if (!same) (changes as Record<string, unknown>)[k] = v;
  }
  // B12 删减 or 修改: one or the other, and something to do.
  if (remove && Object.keys(changes).length > 0) return fail('CATALOG_DELETE_ALONE', undefined, 'delete');
  if (!remove && Object.keys(changes).length === 0) return fail('CATALOG_CHANGE_REQUIRED', { datasetCode: ds.code });
  return { changes, remove };
}

const hasChange = (input: Partial<W3FileInput>): boolean =>
  input.delete === true || (['name', 'summary', 'fields', 'formats', 'type', 'frequency', 'conditions'] as const).some((k) => {
    const v = input[k];
    return Array.isArray(v) ? v.length > 0 : blankToNull(v as string | null | undefined) !== null;
  });

/** A case whose dataset is known: filed on, or about to be. */
type W3Filed = W3Data & { dataset: W3Dataset };

/** The filing goes to the authority's review (Z10, B12: 2 working days), the reviewer told when it is late. */
function toReview(data: W3Filed, filing: Filing, ctx: TransitionContext, action: string, caseId: string | null): TransitionResult<W3Data> {
  const filedOn = data.filedOn ?? ctx.today;
  // Late only by the first filing: a correction after a return runs on the return's clock.
  const late = data.filedOn === null ? ctx.today > data.fileBy : data.late;
  const next: W3Filed = { ...data, changes: filing.changes, remove: filing.remove, filedOn, late, reasons: [] };
  const assignee = authorityReview(ctx);
  const deadline = startClock(ctx, 'W3.review');
  const changes = next.remove ? '' : changesText(next.changes);
  const told = {
    ...(caseId ? { caseId } : {}),
    ...params(next),
    changes: changes || '—',
    whatLabel: next.remove ? 'common.catalogChange.remove' : 'common.catalogChange.edit',
    lateLabel: late ? 'common.catalogChange.late' : 'common.catalogChange.on_time',
    dueOn: deadline.dueOn,
  };
  return {
    ok: true,
    state: 'authority_review',
    data: next,
    assignee,
    deadline,
    effects: [notifyAgency(provider(next), W3_MESSAGES.submitted, told), notifyAgency(assignee, W3_MESSAGES.assigned, told)],
    action,
    detail: {
      ...(action === W3_ACTIONS.submit ? { datasetId: data.dataset.id, trigger: data.trigger, on: data.on } : {}),
      ...(next.remove ? { delete: 'yes' } : { changes }),
      ...(late ? { late: data.fileBy } : {}),
    },
  };
}

/** What every start checks of the trigger: a reason, and a change that has happened (the 15 working days run from it). */
function triggerOf(input: W3Input, ctx: TransitionContext): { trigger: string } | DomainError {
  const trigger = input.trigger.trim();
  if (trigger === '') return fail('INVALID_INPUT', undefined, 'trigger');
  if (input.on > ctx.today) return fail('CHANGE_DATE_IN_FUTURE', { on: input.on, today: ctx.today }, 'on');
  return { trigger };
}

/** The authority records a change of law or duties for a provider as a whole: its officers file, naming the dataset. */
function startOnAgency(input: W3Input, ctx: TransitionContext, agency: TargetAgency): TransitionResult<W3Data> {
  const refusal = eligibleAgency(ctx, agency);
  if (refusal) return refusal;
  const checked = triggerOf(input, ctx);
  if ('error' in checked) return checked;
  // Z10, B12: the provider files the change; the authority records only what calls for it.
  if (hasChange(input)) return fail('CATALOG_CHANGE_BY_AGENCY', { agencyName: agency.name });
  const filingClock = startClock(ctx, 'W3.filing', input.on);
  const data: W3Data = {
    dataset: null,
    agency: { id: agency.id, name: agency.name },
    trigger: checked.trigger,
    on: input.on,
    fileBy: filingClock.dueOn,
    openedBy: 'authority',
    changes: {},
    remove: false,
    filedOn: null,
    late: false,
    reasons: [],
    rejection: null,
  };
  const assignee = provider(data);
  return {
    ok: true,
    state: 'awaiting_filing',
    data,
    assignee,
    deadline: filingClock,
    effects: [notifyAgency(assignee, W3_MESSAGES.triggered_agency, { ...params(data), datasets: agency.publishedCodes.join(', '), dueOn: filingClock.dueOn })],
    action: W3_ACTIONS.trigger,
    detail: { agencyId: agency.id, agency: agency.name, trigger: checked.trigger, on: input.on },
  };
}

function start(input: W3Input, ctx: TransitionContext): TransitionResult<W3Data> {
  if (ctx.agency) return startOnAgency(input, ctx, ctx.agency);
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const checked = triggerOf(input, ctx);
  if ('error' in checked) return checked;
  const trigger = checked.trigger;
  // The change of law or duties has happened: the 15 working days run from it (Z10, B12).
  const filingClock = startClock(ctx, 'W3.filing', input.on);
  const data: W3Filed = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    agency: null,
    trigger,
    on: input.on,
    fileBy: filingClock.dueOn,
    openedBy: isOfficerOf(ctx, ds) ? 'provider' : 'authority',
    changes: {},
    remove: false,
    filedOn: null,
    late: false,
    reasons: [],
    rejection: null,
  };
  if (data.openedBy === 'provider') {
    const filing = filingOf(input, ds, null);
    if ('error' in filing) return filing;
    return toReview(data, filing, ctx, W3_ACTIONS.submit, null);
  }
  // Z10, B12: the provider files the change (公共管理和服务机构…提出目录变更申请); the authority records what calls for it.
  if (hasChange(input)) return fail('CATALOG_CHANGE_BY_PROVIDER', { datasetCode: ds.code });
  const assignee = provider(data);
  return {
    ok: true,
    state: 'awaiting_filing',
    data,
    assignee,
    deadline: filingClock,
    effects: [notifyAgency(assignee, W3_MESSAGES.triggered, { ...params(data), dueOn: filingClock.dueOn })],
    action: W3_ACTIONS.trigger,
    detail: { datasetId: ds.id, trigger, on: input.on },
  };
}

/** The entry with the approved changes, over the entry as it stands now (an attribute changed meanwhile stays). */
function amendedEntry(ds: Dataset, changes: W3Changes): CatalogEntry {
  return {
    ...catalogEntryOf(ds),
    name: changes.name ?? ds.name,
    summary: changes.summary ?? ds.summary,
    fields: [...(changes.fields ?? ds.fields)],
    conditions: ds.attribute === 'conditional' ? (changes.conditions ?? ds.conditions) : null,
    formats: [...(changes.formats ?? ds.formats)],
    dataType: changes.dataType ?? ds.dataType,
    updateFrequency: changes.updateFrequency ?? ds.updateFrequency,
  };
}

function approve(s: CaseSnapshot<W3Data>, note: string | undefined, ctx: TransitionContext): TransitionResult<W3Data> {
  // The case's dataset (a case under review was filed on one), published: `notPublished` refused otherwise.
  const ds = ctx.dataset!;
  const told = { caseId: s.id, ...params(s.data), changes: changesText(s.data.changes) || '—' };
  const trimmed = note?.trim();
  const detail: Params = trimmed ? { note: trimmed } : {};
  // B12 删减: with the authority's consent the entry leaves the catalog as a delisting does (T10 同步通知).
  const effects: Effect[] = s.data.remove
    ? [...delistingEffects(ds.id, s.data.trigger, W3_MESSAGES.audience_removed, told), notifyAgency(provider(s.data), W3_MESSAGES.removed, told)]
    : [{ type: 'updateDataset', datasetId: ds.id, entry: amendedEntry(ds, s.data.changes) }, notifyAgency(provider(s.data), W3_MESSAGES.amended, told)];
  return {
    ok: true,
    state: s.data.remove ? 'removed' : 'amended',
    data: s.data,
    assignee: null,
    deadline: null,
    effects,
    action: W3_ACTIONS.approve,
    detail,
  };
}

const notPublished = (s: CaseSnapshot<W3Data>, ctx: TransitionContext): DomainError | null =>
  ctx.dataset?.status === 'published' ? null : fail('DATASET_NOT_PUBLISHED', { datasetCode: ctx.dataset?.code ?? s.data.dataset?.code ?? '' });

/**
 * The dataset a filing is for. A case that knows it takes a `dataset=` naming the same one, or none; a trigger recorded
 * for an agency learns it here: one of that agency's published datasets (the application hands it in as `ctx.dataset`,
 * null for a code it does not know).
 */
function filedDataset(data: W3Data, input: Partial<W3FileInput>, ctx: TransitionContext): { data: W3Filed; ds: Dataset } | DomainError {
  const named = blankToNull(input.dataset)?.toUpperCase() ?? null;
  const ds = ctx.dataset;
  if (data.dataset) {
    if (named !== null && named !== data.dataset.code.toUpperCase()) return fail('CATALOG_DATASET_FIXED', { caseDataset: data.dataset.code, datasetCode: named }, 'dataset');
    if (!ds) return fail('DATASET_NOT_PUBLISHED', { datasetCode: data.dataset.code });
    return { data: { ...data, dataset: data.dataset }, ds };
  }
  if (named === null) return fail('CATALOG_DATASET_REQUIRED', { agencyName: data.agency.name }, 'dataset');
  if (!ds || ds.code.toUpperCase() !== named) return fail('CATALOG_DATASET_UNKNOWN', { datasetCode: named }, 'dataset');
  if (ds.providerAgencyId !== data.agency.id) return fail('CATALOG_DATASET_OTHER_AGENCY', { datasetCode: ds.code, agencyName: data.agency.name }, 'dataset');
  if (ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', { datasetCode: ds.code }, 'dataset');
  return { data: { ...data, dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId } }, ds };
}

const table: TransitionTable<W3Data, W3Event> = {
  awaiting_filing: {
    file: {
      // A trigger on an agency has no dataset before its filing names one: nothing to refuse before the form.
      refuse: (s, ctx) => (s.data.dataset ? notPublished(s, ctx) : null),
      run(s, event, ctx) {
        const named = filedDataset(s.data, event.input, ctx);
        if ('error' in named) return named;
        const previous = s.data.filedOn === null ? null : { changes: s.data.changes, remove: s.data.remove };
        const filing = filingOf(event.input, named.ds, previous);
        if ('error' in filing) return filing;
        const filed = toReview(named.data, filing, ctx, W3_ACTIONS.file, s.id);
        // From here the case is about that dataset, as one the trigger named at once.
        if (s.data.dataset || !filed.ok) return filed;
        return { ...filed, datasetId: named.ds.id, detail: { dataset: named.ds.code, ...filed.detail } };
      },
    },
  },
  authority_review: {
    // The dataset was delisted while the change waited (W4 closes it then; this guards a race): nothing to change.
    approve: { refuse: notPublished, run: (s, event, ctx) => approve(s, event.note, ctx) },
    return: {
      run(s, event, ctx) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // 一次性告知: every reason at once, back to the provider's officers on a new clock (补正 stops the old one).
        const assignee = provider(s.data);
        const deadline = startClock(ctx, 'W3.filing');
        const told = { reasons: grounds.text, count: grounds.reasons.length };
        return {
          ok: true,
          state: 'awaiting_filing',
          data: { ...s.data, reasons: grounds.reasons },
          assignee,
          deadline,
          effects: [notifyAgency(assignee, W3_MESSAGES.returned, { caseId: s.id, ...params(s.data), ...told, dueOn: deadline.dueOn })],
          action: W3_ACTIONS.return,
          detail: { reasons: formatReasons(grounds.reasons), count: grounds.reasons.length },
        };
      },
    },
    reject: {
      run(s, event) {
        const grounds = rejectGrounds(event);
        if (!grounds.ok) return grounds;
        return refusal(s, grounds, { tell: (told) => notifyAgency(provider(s.data), W3_MESSAGES.refused, told), action: W3_ACTIONS.refuse, params: params(s.data) });
      },
    },
  },
};

export const w3CatalogChange = defineWorkflow({
  id: 'W3',
  form: w3Form,
  // The same form either way: a provider's officer files the change itself; authority staff record only the trigger.
  starts: [
    { verb: 'amend', target: 'dataset', rest: 'trigger' },
    { verb: 'trigger', target: 'datasetOrAgency', rest: 'trigger' },
  ],
  // The provider's button while the filing is owed first; the authority's decisions on the filing after.
  actions: [FILE, APPROVE, RETURN, REJECT],
  states: W3_STATES,
  terminalStates: ['amended', 'removed', 'refused'],
  clocks: ['filing', 'review'],
  messages: Object.values(W3_MESSAGES),
  auditActions: Object.values(W3_ACTIONS),
  // A trigger on an agency is about that agency until its filing names the dataset.
  subject: (data: W3Data) => (data.dataset ? null : data.agency.name),
  history: ['agency', 'dataset', 'trigger', 'on', 'changes', 'delete', 'late', 'reasons', 'legalBasis', 'reason', 'note'],
  table,
  eligible,
  start,
});
