// W2R Re-assessment of the open attribute 开放属性定期评估 (S8, G(一)5): the provider re-assesses its conditional and
// closed data periodically (S8: 对开放范围外的公共数据进行定期评估审查; G(一)5: 对现有不予开放类数据、有条件开放类数据
// 定期进行评估，符合条件的应及时作出调整). When a dataset's period is up (`domain/duties/reassessment-duty.ts`: the
// profile's months after its attribute was last set or re-assessed) the platform itself opens this case for the
// provider (the period is the profile's `W2R.period_months`). Its data officer either keeps the attribute, saying why (`keep DS-0002 reason="…"`), or applies to change it
// through W2 (`attribute DS-0002 to=…`), which ends this case: the re-assessment's outcome is the application, which
// the authority reviews as any other. The message carries S8's rule as the hint: conditional data that meets the bar
// for unconditional opening should become unconditional (有条件开放类公共数据经评估具备无条件开放条件的，应当及时转为
// 无条件开放类), and closed data desensitised or with the right-holder's consent may be opened (T8 ¶2, S8 ¶2).
import { fail, type DomainError, type Params } from '../errors.ts';
import { PLATFORM_USER_ID, type LocalDate, type OpenAttribute } from '../model.ts';
import { defineForm, field } from '../forms/form.ts';
import { notifyAgency } from './notify.ts';
import { limitOf, startClock } from './policy-values.ts';
import { defineWorkflow } from './define-workflow.ts';
import { REASSESSMENT_PERIOD, reassessmentDue } from '../duties/reassessment-duty.ts';
import type { ActionDefinition, Assignment, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';

/** The platform opens it with nothing to fill: everything comes from the dataset. */
export const w2rForm = defineForm('w2r', {});

export type W2RInput = NonNullable<(typeof w2rForm)['_values']>;

/** Why the attribute stays as it is: the re-assessment's finding, for the record (S8 评估审查). */
export const keepForm = defineForm('keep', { reason: field.text() });

type KeepEvent = { type: 'keep'; reason: string };
export type W2REvent = WorkflowEvent | KeepEvent;

/** The provider's data officer keeps the attribute after re-assessing it; typed with the dataset's code or the case's id. */
export const KEEP: ActionDefinition<{ reason: string }, KeepEvent> = {
  verb: 'keep',
  event: 'keep',
  form: keepForm,
  rest: 'reason',
  byDataset: true,
  toEvent: (v) => ({ type: 'keep', reason: v.reason }),
  button: 'primary',
};

export const W2R_STATES = ['reassessment_due', 'kept'] as const;

export const W2R_ACTIONS = { open: 'W2R.open', keep: 'W2R.keep' } as const;

export const W2R_MESSAGES = {
  /** To the provider's reviewers: re-assess {datasetCode} (now {attributeLabel}) by {dueOn}: keep it or apply to change it. */
  due: 'notify.w2r.due',
} as const;

export interface W2RData {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  /** The attribute re-assessed: conditional or closed. */
  attribute: OpenAttribute;
  /** The day the attribute was last set or re-assessed when the case opened. */
  assessedOn: LocalDate;
  /** The day the re-assessment fell due. */
  dueOn: LocalDate;
  /** Why the provider keeps it; null until kept. */
  reason: string | null;
}

const provider = (data: W2RData): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });

function caseParams(data: W2RData): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name, attributeLabel: `common.attribute.${data.attribute}` };
}

/** Only the platform opens it, on published conditional or closed data whose period is up; nobody starts one by hand. */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (ctx.actor.id !== PLATFORM_USER_ID) return fail('FORBIDDEN_ROLE', { role: 'operator' });
  return null;
}

function start(_input: W2RInput, ctx: TransitionContext): TransitionResult<W2RData> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const dueOn = reassessmentDue(ds, limitOf(ctx.profile, REASSESSMENT_PERIOD));
  // Unconditional data (or data whose attribute was just re-assessed) owes none.
  if (dueOn === null || dueOn > ctx.today || ds.attributeAssessedOn === null) return fail('NOT_OPEN', { datasetCode: ds.code });
  const data: W2RData = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    attribute: ds.attribute,
    assessedOn: ds.attributeAssessedOn,
    dueOn,
    reason: null,
  };
  const assignee = provider(data);
  const deadline = startClock(ctx, 'W2R.reassessment_due');
  const told = {
    ...caseParams(data),
    assessedOn: data.assessedOn,
    months: limitOf(ctx.profile, REASSESSMENT_PERIOD),
    hintLabel: `common.reassessmentHint.${data.attribute}`,
    dueOn: deadline.dueOn,
  };
  return {
    ok: true,
    state: 'reassessment_due',
    data,
    assignee,
    deadline,
    effects: [notifyAgency(assignee, W2R_MESSAGES.due, told)],
    action: W2R_ACTIONS.open,
    detail: { datasetId: ds.id, attribute: data.attribute, assessedOn: data.assessedOn, reassessmentDueOn: dueOn },
  };
}

const table: TransitionTable<W2RData, W2REvent> = {
  reassessment_due: {
    keep: {
      // Delisted or changed to unconditional meanwhile (W4 and W2 close the case; this guards a race): nothing to keep.
      refuse: (s, ctx) =>
        ctx.dataset?.status !== 'published' ? fail('DATASET_NOT_PUBLISHED', { datasetCode: s.data.dataset.code })
        : ctx.dataset.attribute !== s.data.attribute ? fail('NOT_OPEN', { datasetCode: s.data.dataset.code })
        : null,
      run(s, event, ctx) {
        const reason = event.reason.trim();
        // S8 评估审查: the finding is the record; a keep with nothing said is no re-assessment.
        if (reason === '') return fail('INVALID_INPUT', { field: 'reason' }, 'reason');
        return {
          ok: true,
          state: 'kept',
          data: { ...s.data, reason },
          assignee: null,
          deadline: null,
          effects: [{ type: 'recordAssessment', datasetId: s.data.dataset.id, on: ctx.today }],
          action: W2R_ACTIONS.keep,
          detail: { attribute: s.data.attribute, reason },
        };
      },
    },
  },
};

export const w2rReassessment = defineWorkflow({
  id: 'W2R',
  form: w2rForm,
  // No verb starts it: the platform opens it when a re-assessment falls due (application/duties/duty-opener.ts).
  starts: [],
  actions: [KEEP],
  states: W2R_STATES,
  terminalStates: ['kept'],
  clocks: ['reassessment_due'],
  messages: Object.values(W2R_MESSAGES),
  auditActions: Object.values(W2R_ACTIONS),
  // The attribute kept is in the audit detail; the message and the status name it by its label.
  history: ['assessedOn', 'reassessmentDueOn', 'reason'],
  table,
  eligible,
  start,
});
