import { describe, expect, it } from 'vitest';
import { WORKFLOWS, getWorkflow } from './registry.ts';
import type { TransitionTable } from './transition-table.ts';
import { W1_STATES, W1_TABLE } from './w1-dataset-publication.ts';
import { W5_STATES, W5_TABLE } from './w5-conditional-application.ts';
import { W7_STATES, W7_TABLE } from './w7-objection.ts';
import type { WorkflowId } from './workflow.ts';

const SHAPES: Record<WorkflowId, { states: readonly string[]; table: TransitionTable<any> }> = {
  W1: { states: W1_STATES, table: W1_TABLE },
  W5: { states: W5_STATES, table: W5_TABLE },
  W7: { states: W7_STATES, table: W7_TABLE },
};

describe('workflow registry', () => {
  it.each(Object.keys(WORKFLOWS) as WorkflowId[])('%s is registered under its own id', (id) => {
    expect(getWorkflow(id).id).toBe(id);
    expect(getWorkflow(id).form.id).toBe(id.toLowerCase());
  });

  it.each(Object.keys(WORKFLOWS) as WorkflowId[])('%s: every state is either terminal or accepts some event', (id) => {
    const { states, table } = SHAPES[id];
    const terminal = getWorkflow(id).terminalStates;
    expect([...Object.keys(table), ...terminal].sort()).toEqual([...states].sort());
    for (const s of terminal) expect(table[s]).toBeUndefined();
  });

  it('has a shape for every registered workflow', () => {
    expect(Object.keys(SHAPES).sort()).toEqual(Object.keys(WORKFLOWS).sort());
  });
});
