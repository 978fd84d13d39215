// Every workflow the bot runs. Adding one: its file, its id in WorkflowId (workflow.ts), and one line here.
import { w1DatasetPublication } from './w1-dataset-publication.ts';
import { w5ConditionalApplication } from './w5-conditional-application.ts';
import { w7Objection } from './w7-objection.ts';
import type { WorkflowDefinition, WorkflowId } from './workflow.ts';

export const WORKFLOWS: Readonly<Record<WorkflowId, WorkflowDefinition>> = Object.freeze({
  W1: w1DatasetPublication,
  W5: w5ConditionalApplication,
  W7: w7Objection,
});

export function getWorkflow(id: WorkflowId): WorkflowDefinition {
  return WORKFLOWS[id];
}
