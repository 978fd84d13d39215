// A workflow's transitions as a table (state → event → step), so "which event does this state accept", "who may send
// it" and "which actions does this person have now" are decided in one place for every workflow; a step holds only
// its business rules.
import { fail, KaifangError, type DomainError } from '../errors.ts';
import { authorize } from './authorize.ts';
import type { BaseEvent, CaseSnapshot, Step, TransitionContext, TransitionResult, TransitionTable, WorkflowEvent } from './workflow.ts';

export type EventOf<K extends WorkflowEvent['type']> = Extract<WorkflowEvent, { type: K }>;

function stepOf<D>(table: TransitionTable<D, any>, state: string, eventType: string): Step<D, any> | undefined {
  const row = Object.hasOwn(table, state) ? (table[state] as Record<string, Step<D, any> | undefined>) : undefined;
  return row && Object.hasOwn(row, eventType) ? row[eventType] : undefined;
}

/**
 * May the actor send an event of this type to the case now? The step must exist in the case's state, the actor must
 * owe it, and its input-free refusal (if any) must not apply. Asks for no values: a form is shown only when this holds.
 */
export function checkStep<D>(
  workflow: string,
  table: TransitionTable<D, any>,
  snapshot: CaseSnapshot<D>,
  eventType: string,
  ctx: TransitionContext,
): DomainError | null {
  if (snapshot.workflow !== workflow)
    throw new KaifangError('WORKFLOW_MISMATCH', `Case ${snapshot.id} belongs to ${snapshot.workflow}, not ${workflow}.`);
  const step = stepOf(table, snapshot.state, eventType);
  if (!step) return fail('INVALID_TRANSITION', { caseId: snapshot.id, workflow, state: snapshot.state, event: eventType });
  const owes = step.by ? step.by(snapshot, ctx) : snapshot.assignee;
  const denied = authorize(snapshot, eventType, ctx.actor, owes, ctx.standingInFor);
  if (denied) return denied;
  return step.refuse ? step.refuse(snapshot, ctx) : null;
}

/** Does a button offer this event in this state? Not when the step says another action's button stands for it. */
export function offersButton<D>(table: TransitionTable<D, any>, state: string, eventType: string): boolean {
  return stepOf(table, state, eventType)?.button !== false;
}

/** Looks up the step for the case's state and the event, checks the actor may take it, then runs it. */
export function runTransition<D, E extends BaseEvent>(
  workflow: string,
  table: TransitionTable<D, E>,
  snapshot: CaseSnapshot<D>,
  event: E,
  ctx: TransitionContext,
): TransitionResult<D> {
  const refused = checkStep(workflow, table, snapshot, event.type, ctx);
  if (refused) return refused;
  return stepOf(table, snapshot.state, event.type)!.run(snapshot, event, ctx);
}
