// W13 Data freshness 更新频率 (T12, S16(四)): when a dataset's update falls due by its frequency (`domain/duties/
// freshness-duty.ts`), the platform itself opens this case for the provider (T12: 依托一体化大数据平台，提醒数据更新并
// 严格按照更新频率更新数据). The provider's data officer updates the data and records it (`updated DS-0001`); that sets
// the dataset's last update, from which the next duty counts, and closes the case. A provider that does not is reminded
// and escalated like any task. A provider that updates before it is asked records it the same way (`updated DS-0001`
// with no case open): the command opens the case already done, and the next update counts from that day.
import { fail, type DomainError, type Params } from '../errors.ts';
import { PLATFORM_USER_ID, type Dataset, type LocalDate, type UpdateFrequency } from '../model.ts';
import { defineForm, field, optional } from '../forms/form.ts';
import { notifyAgency } from './notify.ts';
import { startClock } from './policy-values.ts';
import { defineWorkflow } from './define-workflow.ts';
import { nextUpdateDue } from '../duties/freshness-duty.ts';
import type { ActionDefinition, Assignment, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';

/** The day the data was updated; left out: today. */
export const updatedForm = defineForm('updated', { on: optional(field.date()) });

/**
 * The platform opens it with nothing to fill (everything comes from the dataset); a provider recording an update
 * nobody asked for yet fills what `updated` asks, the day of the update.
 */
export const w13Form = defineForm('w13', { on: optional(field.date()) });

export type W13Input = NonNullable<(typeof w13Form)['_values']>;

type UpdatedEvent = { type: 'updated'; on: string | null };
export type W13Event = WorkflowEvent | UpdatedEvent;

/** The provider's data officer records the update (S16(四) 按照更新频率更新); typed with the dataset's code or the case's id. */
export const UPDATED: ActionDefinition<{ on: string | null }, UpdatedEvent> = {
  verb: 'updated',
  event: 'updated',
  form: updatedForm,
  rest: 'on',
  byDataset: true,
  startsWhenNone: true,
  toEvent: (v) => ({ type: 'updated', on: v.on ?? null }),
  button: 'primary',
};

export const W13_STATES = ['update_due', 'updated'] as const;

export const W13_ACTIONS = { open: 'W13.open', updated: 'W13.updated' } as const;

export const W13_MESSAGES = {
  /** To the provider's reviewers: {datasetCode} was last updated on {lastUpdatedOn}; update it and record it by {dueOn}. */
  due: 'notify.w13.due',
} as const;

export interface W13Data {
  dataset: { id: string; code: string; name: string; providerAgencyId: string };
  frequency: UpdateFrequency;
  /** The last update when the case opened. */
  lastUpdatedOn: LocalDate;
  /** The day the update fell due. */
  dueOn: LocalDate;
  /** The day the provider recorded; null until then. */
  updatedOn: LocalDate | null;
}

const provider = (data: W13Data): Assignment => ({ agencyId: data.dataset.providerAgencyId, role: 'reviewer' });

function caseParams(data: W13Data): Params {
  return { datasetCode: data.dataset.code, datasetName: data.dataset.name };
}

const isOfficerOf = (ctx: TransitionContext, providerAgencyId: string) => ctx.actor.roles.includes('reviewer') && ctx.actor.agencyId === providerAgencyId;

/**
 * The platform opens it on published data with an update due (a duty); the provider's data officer records an update
 * of its published data before it is asked. Nobody else starts one.
 */
function eligible(ctx: TransitionContext): DomainError | null {
  const ds = ctx.dataset;
  if (!ds || ds.status !== 'published') return fail('DATASET_NOT_PUBLISHED', ds ? { datasetCode: ds.code } : {});
  if (ctx.actor.id !== PLATFORM_USER_ID && !isOfficerOf(ctx, ds.providerAgencyId)) return fail('FORBIDDEN_ROLE', { role: 'reviewer' });
  return null;
}

/** An update cannot be recorded for a day to come, nor before the one already recorded. */
const badDay = (on: LocalDate, last: LocalDate | null, today: LocalDate): DomainError | null =>
  on > today || (last !== null && on < last) ? fail('UPDATE_DATE_OUT_OF_RANGE', { on, today, lastUpdatedOn: last ?? '—' }, 'on') : null;

function start(input: W13Input, ctx: TransitionContext): TransitionResult<W13Data> {
  const refusal = eligible(ctx);
  if (refusal) return refusal;
  const ds = ctx.dataset!;
  const dueOn = nextUpdateDue(ds);
  if (ctx.actor.id !== PLATFORM_USER_ID) return updatedUnasked(input, ds, dueOn, ctx);
  if (dueOn === null || ds.lastUpdatedOn === null) return fail('NOT_OPEN', { datasetCode: ds.code });
  const data: W13Data = {
    dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
    frequency: ds.updateFrequency,
    lastUpdatedOn: ds.lastUpdatedOn,
    dueOn,
    updatedOn: null,
  };
  const assignee = provider(data);
  const deadline = startClock(ctx, 'W13.update_due');
  const told = { ...caseParams(data), lastUpdatedOn: data.lastUpdatedOn, frequencyLabel: `forms.w1.frequency.options.${data.frequency}`, dueOn: deadline.dueOn };
  return {
    ok: true,
    state: 'update_due',
    data,
    assignee,
    deadline,
    effects: [notifyAgency(assignee, W13_MESSAGES.due, told)],
    action: W13_ACTIONS.open,
    detail: { datasetId: ds.id, lastUpdatedOn: data.lastUpdatedOn, updateDueOn: dueOn },
  };
}

/**
 * The provider updated before the platform asked (or data that owes no update: archived): the case is done as it
 * opens, and the next update counts from the day recorded, as after an update asked for.
 */
function updatedUnasked(input: W13Input, ds: Dataset, dueOn: LocalDate | null, ctx: TransitionContext): TransitionResult<W13Data> {
  const on = input.on ?? ctx.today;
  const wrong = badDay(on, ds.lastUpdatedOn, ctx.today);
  if (wrong) return wrong;
  // The same update typed again (a second `updated DS-0001` the same day) is no new update.
  if (on === ds.lastUpdatedOn) return fail('UPDATE_ALREADY_RECORDED', { datasetCode: ds.code, on }, 'on');
  const last = ds.lastUpdatedOn ?? on;
  return {
    ok: true,
    state: 'updated',
    data: {
      dataset: { id: ds.id, code: ds.code, name: ds.name, providerAgencyId: ds.providerAgencyId },
      frequency: ds.updateFrequency,
      lastUpdatedOn: last,
      dueOn: dueOn ?? on,
      updatedOn: on,
    },
    assignee: null,
    deadline: null,
    effects: [{ type: 'recordUpdate', datasetId: ds.id, on }],
    action: W13_ACTIONS.updated,
    detail: { datasetId: ds.id, lastUpdatedOn: last, updatedOn: on },
  };
}

const table: TransitionTable<W13Data, W13Event> = {
  update_due: {
    updated: {
      run(s, event, ctx) {
        const on = event.on ?? ctx.today;
        const wrong = badDay(on, s.data.lastUpdatedOn, ctx.today);
        if (wrong) return wrong;
        return {
          ok: true,
          state: 'updated',
          data: { ...s.data, updatedOn: on },
          assignee: null,
          deadline: null,
          effects: [{ type: 'recordUpdate', datasetId: s.data.dataset.id, on }],
          action: W13_ACTIONS.updated,
          detail: { updatedOn: on },
        };
      },
    },
  },
};

export const w13DataFreshness = defineWorkflow({
  id: 'W13',
  form: w13Form,
  // No verb starts it: the platform opens it when a duty falls due (application/duties/duty-opener.ts), and `updated`
  // typed with no case open opens it done (`startsWhenNone`).
  starts: [],
  actions: [UPDATED],
  states: W13_STATES,
  terminalStates: ['updated'],
  clocks: ['update_due'],
  messages: Object.values(W13_MESSAGES),
  auditActions: Object.values(W13_ACTIONS),
  history: ['lastUpdatedOn', 'updateDueOn', 'updatedOn'],
  table,
  eligible,
  start,
});
