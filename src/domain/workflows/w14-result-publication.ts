// W14 Result publication 利用成果 (T17, Z23, S24, G(三)1–2): a user of open data (公共数据利用主体) submits a product or
// service built on it, citing its sources and the day the data was obtained (T17, Z23: 注明数据来源和获取日期; S24:
// 注明参考引用的公共数据来源). T17 lets it be published on the platform (可将其发布至公共数据开放网) only when it involves no
// trade secret, infringes no one's intellectual property or personal information and breaks no law: the submitter
// declares so, and the authority reviews it against those conditions on the profile's clock, then lists it, returns it
// for correction with every reason at once, or refuses it with its reasons and basis. A listed result is public
// (`results [code]`); a pending one is the submitter's and the authority's (the case has no dataset, so no provider sees
// it: it cites several).
import { fail, type DomainError, type Params } from '../errors.ts';
import { defineForm, field, MAX_LENGTH } from '../forms/form.ts';
import type { Dataset, LocalDate } from '../model.ts';
import { rejectDetail, rejectGrounds, returnForCorrection, returnGrounds } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { parseMerged } from './raw-values.ts';
import { APPROVE, REJECT, RESUBMIT, RETURN } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import type { Assignment, CaseSnapshot, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

/**
 * T17, Z23: the sources (dataset codes, typed right after the verb: `result DS-0001 DS-0003 …`), what the product is and
 * where it is, the day the data was obtained, and the submitter's declaration of T17's conditions.
 */
export const w14Form = defineForm('w14', {
  sources: field.list(),
  title: field.text(MAX_LENGTH.title),
  summary: field.text(),
  url: field.text(MAX_LENGTH.title),
  obtained: field.date(),
  // T17: 不涉及商业秘密、不侵犯他人知识产权和个人信息、不违反法律法规 — declared as W1 declares its security review.
  declared: field.confirm(),
});

export type W14Input = NonNullable<(typeof w14Form)['_values']>;

export const W14_STATES = ['review', 'returned', 'listed', 'refused'] as const;
export type W14State = (typeof W14_STATES)[number];

/** The state of a result the platform lists (`results`). */
export const W14_LISTED: W14State = 'listed';

export const W14_ACTIONS = {
  submit: 'W14.submit',
  list: 'W14.list',
  return: 'W14.return',
  resubmit: 'W14.resubmit',
  refuse: 'W14.refuse',
} as const;

export const W14_MESSAGES = {
  /** To the submitter: received, reviewed by {dueOn}. */
  submitted: 'notify.w14.submitted',
  /** To the authority's reviewers: a result to review against T17's conditions. */
  assigned: 'notify.w14.assigned',
  /** To the submitter: listed on the platform. */
  listed: 'notify.w14.listed',
  /** To the submitter: returned for correction, every reason at once. */
  returned: 'notify.w14.returned',
  resubmitted: 'notify.w14.resubmitted',
  /** To the submitter: not listed, with the reasons and the basis. */
  refused: 'notify.w14.refused',
} as const;

/** A source as it was cited: its name then, so a listing still reads after the dataset is renamed or delisted. */
export interface W14Source {
  id: string;
  code: string;
  name: string;
}

export interface W14Data {
  title: string;
  summary: string;
  url: string;
  /** T17, Z23 获取日期: the day the data was obtained (not a day to come). */
  obtained: LocalDate;
  /** T17, Z23 数据来源: the datasets it was built on, in the order cited, each once. */
  sources: W14Source[];
  /** T17's conditions, declared by the submitter (always true: the start refuses without it). */
  declared: true;
  /** The day the authority listed it; null until then. */
  listedOn: LocalDate | null;
  /** The reasons of the latest return (一次性告知); empty when not returned. */
  reasons: string[];
  rejection: { legalBasis: string; reason: string } | null;
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

function params(data: W14Data): Params {
  return { title: data.title, sources: data.sources.map((s) => `${s.code} ${s.name}`).join(', '), obtained: data.obtained };
}

/**
 * T17 公共数据利用主体: a user of the data, real-name verified — a listed result is published under the submitter's name,
 * and the platform runs its users under their real names (G(二)2 实名制管理, T14 for the same 利用主体). The dishonesty
 * bar (T14(二)) is for conditional data and is not asked here.
 */
function submitterRefusal(ctx: TransitionContext): DomainError | null {
  if (!ctx.actor.roles.includes('applicant')) return fail('FORBIDDEN_ROLE', { role: 'applicant' });
  if (!ctx.actor.verified) return fail('RESULT_NOT_VERIFIED');
  return null;
}

/**
 * T17 利用开放的公共数据开发的数据产品: a source is data that was open — published now, or delisted since (the product
 * was built while it was open and still cites it). A draft entry (W1 pending) never was: it is no source. Closed data
 * (不予开放) was open before W2 closed it (W1 publishes only open data), so it stays citable.
 */
function sourceRefusal(ds: Dataset): DomainError | null {
  return ds.status === 'pending' ? fail('RESULT_SOURCE_NOT_OPEN', { datasetCode: ds.code }, 'sources') : null;
}

/** Checked before the form: who submits, and the sources typed after the verb (`ctx.datasets`). */
function eligible(ctx: TransitionContext): DomainError | null {
  const refusal = submitterRefusal(ctx);
  if (refusal) return refusal;
  for (const ds of ctx.datasets) {
    const bad = sourceRefusal(ds);
    if (bad) return bad;
  }
  return null;
}

/** The codes cited, each once, as the platform's datasets (`ctx.datasets` holds those the application found). */
function sourcesOf(codes: readonly string[], ctx: TransitionContext): W14Source[] | DomainError {
  const wanted = [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
  if (wanted.length === 0) return fail('INVALID_INPUT', { field: 'sources' }, 'sources');
  const sources: W14Source[] = [];
  for (const code of wanted) {
    const ds = ctx.datasets.find((d) => d.code.toUpperCase() === code);
    if (!ds) return fail('NOT_FOUND', { caseId: code }, 'sources');
    const bad = sourceRefusal(ds);
    if (bad) return bad;
    sources.push({ id: ds.id, code: ds.code, name: ds.name });
  }
  return sources;
}

/** The whole submission's rules, at the start and at every resubmission; `sources` already checked. */
function submission(input: W14Input, sources: W14Source[], ctx: TransitionContext): Omit<W14Data, 'listedOn' | 'reasons' | 'rejection'> | DomainError {
  // T17, Z23 获取日期: the day the data was had, which cannot be a day to come.
  if (input.obtained > ctx.today) return fail('RESULT_OBTAINED_IN_FUTURE', { obtained: input.obtained, today: ctx.today }, 'obtained');
  if (input.declared !== true) return fail('RESULT_DECLARATION_REQUIRED', undefined, 'declared');
  const url = input.url.trim();
  // Where the product is found: a web address people can open from the listing.
  if (!/^https?:\/\/\S+$/i.test(url)) return fail('RESULT_URL_INVALID', { url }, 'url');
  if (blank(input.title) || blank(input.summary)) return fail('INVALID_INPUT', undefined, blank(input.title) ? 'title' : 'summary');
  return { title: input.title.trim(), summary: input.summary.trim(), url, obtained: input.obtained, sources, declared: true };
}

function start(input: W14Input, ctx: TransitionContext): TransitionResult<W14Data> {
  const refusal = submitterRefusal(ctx);
  if (refusal) return refusal;
  const sources = sourcesOf(input.sources, ctx);
  if (!Array.isArray(sources)) return sources;
  const checked = submission(input, sources, ctx);
  if ('ok' in checked) return checked;
  const data: W14Data = { ...checked, listedOn: null, reasons: [], rejection: null };
  const assignee = authorityReview(ctx);
  // No article sets days for the review (T17, Z23, S24, G(三) have none): the profile's, borrowed and said so.
  const deadline = startClock(ctx, 'W14.review');
  const told = { ...params(data), dueOn: deadline.dueOn };
  return {
    ok: true,
    state: 'review',
    data,
    assignee,
    deadline,
    effects: [notifyUser(ctx.actor.id, W14_MESSAGES.submitted, told), notifyAgency(assignee, W14_MESSAGES.assigned, { ...told, summary: data.summary, url: data.url })],
    action: W14_ACTIONS.submit,
    detail: { title: data.title, sources: sources.map((s) => s.code).join(', '), obtained: data.obtained, url: data.url, declared: 'yes' },
  };
}

/** The submission as form values, for a resubmission to correct. */
function formValuesOf(data: W14Data): Record<string, unknown> {
  return { sources: data.sources.map((s) => s.code), title: data.title, summary: data.summary, url: data.url, obtained: data.obtained, declared: data.declared };
}

const table: TransitionTable<W14Data> = {
  review: {
    approve: {
      run(s, event, ctx): TransitionResult<W14Data> {
        const note = event.note?.trim();
        return {
          ok: true,
          state: 'listed',
          data: { ...s.data, listedOn: ctx.today, reasons: [] },
          assignee: null,
          deadline: null,
          effects: [notifyUser(s.applicantId, W14_MESSAGES.listed, { caseId: s.id, ...params(s.data) })],
          action: W14_ACTIONS.list,
          detail: note ? { note } : {},
        };
      },
    },
    return: {
      run(s, event) {
        const grounds = returnGrounds(event);
        if (!grounds.ok) return grounds;
        // T17 sets no procedure: returned for correction as the platform's other reviews are (T9(二), S20 一次性告知), so
        // a source missing or a date unclear is put right rather than refused; the clock stops until it comes back.
        return returnForCorrection(s, grounds, { message: W14_MESSAGES.returned, action: W14_ACTIONS.return, params: params(s.data) });
      },
    },
    reject: {
      run(s, event) {
        const grounds = rejectGrounds(event);
        if (!grounds.ok) return grounds;
        // A refusal says why (which of T17's conditions it fails) and on what basis, as the platform's other refusals do.
        if (grounds.reason === null) return fail('RESULT_REFUSAL_REASON_REQUIRED', undefined, 'reason');
        const rejection = { legalBasis: grounds.legalBasis, reason: grounds.reason };
        return {
          ok: true,
          state: 'refused',
          data: { ...s.data, rejection },
          assignee: null,
          deadline: null,
          effects: [notifyUser(s.applicantId, W14_MESSAGES.refused, { caseId: s.id, ...params(s.data), ...rejection })],
          action: W14_ACTIONS.refuse,
          detail: rejectDetail(grounds),
        };
      },
    },
  },
  returned: {
    resubmit: {
      run(s: CaseSnapshot<W14Data>, event, ctx): TransitionResult<W14Data> {
        const parsed = parseMerged(w14Form, formValuesOf(s.data), event.input);
        if (!parsed.ok) return fail('INVALID_INPUT', { field: parsed.issues.map((i) => i.field).join(', ') }, parsed.issues[0]?.field);
        // Sources named again are checked again (`ctx.datasets` holds them); otherwise those already cited stand.
        const sources = blank(event.input?.sources) ? s.data.sources : sourcesOf(parsed.value.sources, ctx);
        if (!Array.isArray(sources)) return sources;
        const checked = submission(parsed.value, sources, ctx);
        if ('ok' in checked) return checked;
        const data: W14Data = { ...s.data, ...checked, reasons: [] };
        const assignee = authorityReview(ctx);
        // A new clock from the resubmission (a return stops the old one).
        const deadline = startClock(ctx, 'W14.review');
        const told = { caseId: s.id, ...params(data), dueOn: deadline.dueOn };
        return {
          ok: true,
          state: 'review',
          data,
          assignee,
          deadline,
          effects: [
            notifyUser(s.applicantId, W14_MESSAGES.resubmitted, told),
            notifyAgency(assignee, W14_MESSAGES.assigned, { ...told, summary: data.summary, url: data.url }),
          ],
          action: W14_ACTIONS.resubmit,
          detail: { title: data.title, sources: data.sources.map((x) => x.code).join(', '), obtained: data.obtained, url: data.url },
        };
      },
    },
  },
};

/** A listed result as `results` shows it, or null for a case that is not one (still waiting, returned, refused). */
export function listedResult(state: string, data: unknown): W14Data | null {
  if (state !== W14_LISTED || typeof data !== 'object' || data === null) return null;
  const d = data as Partial<W14Data>;
  return typeof d.title === 'string' && Array.isArray(d.sources) ? (d as W14Data) : null;
}

export const w14ResultPublication = defineWorkflow({
  id: 'W14',
  form: w14Form,
  starts: [{ verb: 'result', target: 'datasets', rest: null }],
  actions: [APPROVE, RETURN, REJECT, RESUBMIT],
  states: W14_STATES,
  terminalStates: ['listed', 'refused'],
  clocks: ['review'],
  messages: Object.values(W14_MESSAGES),
  auditActions: Object.values(W14_ACTIONS),
  history: ['title', 'sources', 'obtained', 'url', 'declared', 'reasons', 'legalBasis', 'reason', 'note'],
  datasetsField: 'sources',
  // The status shows what the result cites and where it is, under the form's labels.
  facts: (data: W14Data) => ({ sources: data.sources.map((x) => `${x.code} ${x.name}`).join(', '), obtained: data.obtained, url: data.url }),
  subject: (data: W14Data) => data.title,
  table,
  eligible,
  start,
});
