// Builds a workflow from its declaration: `transition` is the declared table run through the shared checks, so a
// workflow states its steps once and the literal id and clock names stay in its type (for the profiles' check).
import { runTransition } from './transition-table.ts';
import type { BaseEvent, WorkflowDefinition } from './workflow.ts';

export function defineWorkflow<const Id extends string, const C extends string, D, I, E extends BaseEvent>(
  declaration: Omit<WorkflowDefinition<D, I, E>, 'transition' | 'id' | 'clocks'> & { id: Id; clocks: readonly C[] },
): WorkflowDefinition<D, I, E> & { id: Id; clocks: readonly C[] } {
  return {
    ...declaration,
    transition: (snapshot, event, ctx) => runTransition(declaration.id, declaration.table, snapshot, event, ctx),
  };
}
