// A workflow's transitions as a table (state → event → step), so "which event does this state accept" and
// "who may send it" are decided in one place for every workflow; a step holds only its business rules.
import { fail, KaifangError } from '../errors.ts';
import { authorize } from './authorize.ts';
import type {
  Assignment,
  CaseSnapshot,
  EventType,
  TransitionContext,
  TransitionResult,
  WorkflowEvent,
  WorkflowId,
} from './workflow.ts';

export type EventOf<K extends EventType> = Extract<WorkflowEvent, { type: K }>;

export interface Step<D, E extends WorkflowEvent = WorkflowEvent> {
  /** Who decides this step when it is not the case's assignee (resubmit always belongs to the applicant). */
  by?: (snapshot: CaseSnapshot<D>, ctx: TransitionContext) => Assignment;
  run(snapshot: CaseSnapshot<D>, event: E, ctx: TransitionContext): TransitionResult<D>;
}

export type StateSteps<D> = { readonly [K in EventType]?: Step<D, EventOf<K>> };

/** Terminal states have no row: they accept nothing. */
export type TransitionTable<D> = Readonly<Record<string, StateSteps<D>>>;

/** Looks up the step for the case's state and the event, checks the actor may take it, then runs it. */
export function runTransition<D>(
  workflow: WorkflowId,
  table: TransitionTable<D>,
  snapshot: CaseSnapshot<D>,
  event: WorkflowEvent,
  ctx: TransitionContext,
): TransitionResult<D> {
  if (snapshot.workflow !== workflow)
    throw new KaifangError('WORKFLOW_MISMATCH', `Case ${snapshot.id} belongs to ${snapshot.workflow}, not ${workflow}.`);
  const row = Object.hasOwn(table, snapshot.state) ? table[snapshot.state] : undefined;
  const step = row?.[event.type] as Step<D> | undefined;
  if (!step) return fail('INVALID_TRANSITION', { caseId: snapshot.id, workflow, state: snapshot.state, event: event.type });
  const denied = authorize(snapshot, event, ctx.actor, step.by ? step.by(snapshot, ctx) : snapshot.assignee, ctx.standingInFor);
  if (denied) return denied;
  return step.run(snapshot, event, ctx);
}

