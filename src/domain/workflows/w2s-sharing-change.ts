// W2S Sharing-attribute change 共享属性调整 (Z13, B20–B22): a dataset's sharing attribute is changed as its open
// attribute is (W2): the provider's data officer applies, the authority reviews it, and the catalog entry changes only
// when the authority approves. The new attribute carries what it needs (Z13, B20): conditional sharing its conditions
// and its basis, not shared its basis; shared unconditionally needs neither, but says why the data may now go to every
// body (B21 具备无条件共享属性的，应当及时转为无条件共享类). B21's periodic evaluation and B22's temporary adjustment in a
// public emergency are both filed this way. Data no longer shared is shared with nobody: the sharing grants on it end,
// their holders and those whose applications wait are told (applications already on their way are decided on the
// attribute they were filed under).
import { fail, type Params } from '../errors.ts';
import { defineForm, field, optional } from '../forms/form.ts';
import { SHARE_ATTRIBUTES, type Dataset, type ShareAttribute } from '../model.ts';
import type { Effect } from '../effects/effect.ts';
import { noteDetail, refusedToFiler } from './grounds.ts';
import { notifyAgency, notifyUser } from './notify.ts';
import { startClock } from './policy-values.ts';
import { APPROVE, REJECT } from './common-actions.ts';
import { defineWorkflow } from './define-workflow.ts';
import { blankToNull } from './raw-values.ts';
import { sharingFields, sharingOf, type SharingOfEntry } from './sharing-attribute.ts';
import { catalogEntryOf } from './catalog-entry.ts';
import { providerOfficerRefusal } from './w2-attribute-change.ts';
import type { Assignment, TransitionContext, TransitionResult, TransitionTable } from './workflow.ts';

export const w2sForm = defineForm('w2s', {
  to: field.choice(SHARE_ATTRIBUTES),
  ...sharingFields('to'),
  // B21 及时转为, B22 临时性调整: why the attribute changes now.
  reason: optional(field.text()),
});
export type W2SInput = NonNullable<(typeof w2sForm)['_values']>;

export const W2S_STATES = ['authority_review', 'changed', 'refused'] as const;

export const W2S_ACTIONS = { submit: 'W2S.submit', approve: 'W2S.approve', refuse: 'W2S.refuse' } as const;

export const W2S_MESSAGES = {
  /** To the provider's officer: the change is with the authority, due {dueOn}. */
  submitted: 'notify.w2s.submitted',
  /** To the authority's reviewers: a sharing-attribute change to decide. */
  assigned: 'notify.w2s.assigned',
  /** To every data officer of the provider: the sharing attribute has changed. */
  changed: 'notify.w2s.changed',
  /** To the provider's officer: refused, with the basis; the attribute stays. */
  refused: 'notify.w2s.refused',
  /** To every sharing-grant holder and waiting applicant: the data is shared with nobody now. */
  audience_unshared: 'notify.w2s.audience_unshared',
} as const;

export interface W2SData {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  from: ShareAttribute;
  /** The sharing fields the entry takes on approval. */
  change: SharingOfEntry;
  reason: string | null;
  rejection: { legalBasis: string; reason: string | null } | null;
}

const authorityReview = (ctx: TransitionContext): Assignment => ({ agencyId: ctx.authority.id, role: 'reviewer' });
const sharingLabel = (a: ShareAttribute) => `forms.w1.sharing.options.${a}`;

function params(data: W2SData): Params {
  return {
    datasetCode: data.dataset.code,
    datasetName: data.dataset.name,
    fromLabel: sharingLabel(data.from),
    toLabel: sharingLabel(data.change.sharing),
    conditions: data.change.sharingConditions ?? '—',
    basis: data.change.sharingBasis ?? '—',
    reason: data.reason ?? '—',
  };
}

function start(input: W2SInput, ctx: TransitionContext): TransitionResult<W2SData> {
  const refused = providerOfficerRefusal(ctx);
  if (refused) return refused;
  const ds = ctx.dataset!;
  const change = sharingOf(input.to, input.share_conditions, input.share_basis);
  if ('error' in change) return change;
  if (change.sharing === ds.sharing && change.sharingConditions === ds.sharingConditions && change.sharingBasis === ds.sharingBasis)
    return fail('SHARING_UNCHANGED', { datasetCode: ds.code }, 'to');
  const reason = blankToNull(input.reason);
  // B21: data that may go to every body is turned over to it promptly — and the change says why it may.
  if (change.sharing === 'unconditional' && reason === null) return fail('SHARING_REASON_REQUIRED', undefined, 'reason');
  const data: W2SData = { dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId }, from: ds.sharing, change, reason, rejection: null };
  const assignee = authorityReview(ctx);
  const deadline = startClock(ctx, 'W2S.review');
  const told = { ...params(data), dueOn: deadline.dueOn };
  return {
    ok: true,
    state: 'authority_review',
    data,
    assignee,
    deadline,
    effects: [notifyUser(ctx.actor.id, W2S_MESSAGES.submitted, told), notifyAgency(assignee, W2S_MESSAGES.assigned, told)],
    action: W2S_ACTIONS.submit,
    detail: {
      datasetId: ds.id,
      from: ds.sharing,
      to: change.sharing,
      ...(change.sharingConditions ? { conditions: change.sharingConditions } : {}),
      ...(change.sharingBasis ? { basis: change.sharingBasis } : {}),
      ...(reason ? { reason } : {}),
    },
  };
}

/** The entry with its new sharing fields, and for data no longer shared, the end of every sharing grant on it. */
function changing(data: W2SData, ds: Dataset, caseId: string): Effect[] {
  const datasetId = data.dataset.id;
  const update: Effect = { type: 'updateDataset', datasetId, entry: { ...catalogEntryOf(ds), ...data.change } };
  if (data.change.sharing !== 'none') return [update];
  const why = data.reason ?? data.change.sharingBasis ?? '';
  return [
    // Told before the grants end: the audience is read from the grants in force.
    { type: 'notify', to: { kind: 'datasetAudience', datasetId, applicationsOf: ['W11'], grantKind: 'share' }, message: W2S_MESSAGES.audience_unshared, params: { caseId, ...params(data) } },
    { type: 'endGrants', datasetId, kind: 'share', reason: why },
    update,
  ];
}

const table: TransitionTable<W2SData> = {
  authority_review: {
    approve: {
      // Delisted while the change waited: there is no entry to change.
      refuse: (s, ctx) => (ctx.dataset?.status === 'published' ? null : fail('DATASET_NOT_PUBLISHED', { datasetCode: s.data.dataset.code })),
      run(s, event, ctx) {
        const provider = { agencyId: s.data.dataset.providerAgencyId, role: 'reviewer' as const };
        return {
          ok: true,
          state: 'changed',
          data: s.data,
          assignee: null,
          deadline: null,
          effects: [...changing(s.data, ctx.dataset!, s.id), notifyAgency(provider, W2S_MESSAGES.changed, { caseId: s.id, ...params(s.data) })],
          action: W2S_ACTIONS.approve,
          detail: { from: s.data.from, to: s.data.change.sharing, ...noteDetail(event.note) },
        };
      },
    },
    reject: refusedToFiler(W2S_MESSAGES.refused, W2S_ACTIONS.refuse, params),
  },
};

export const w2sSharingChange = defineWorkflow({
  id: 'W2S',
  form: w2sForm,
  starts: [{ verb: 'sharing', target: 'dataset', rest: 'reason' }],
  actions: [APPROVE, REJECT],
  states: W2S_STATES,
  terminalStates: ['changed', 'refused'],
  clocks: ['review'],
  messages: Object.values(W2S_MESSAGES),
  auditActions: Object.values(W2S_ACTIONS),
  history: ['to', 'conditions', 'basis', 'reason', 'legalBasis', 'note'],
  facts: (data: W2SData) => ({ to: data.change.sharing }),
  table,
  start,
  eligible: providerOfficerRefusal,
});
