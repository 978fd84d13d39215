import { describe, expect, it } from 'vitest';
import { createRegistry, WORKFLOWS } from './registry.ts';
import { w1DatasetPublication } from './w1-dataset-publication.ts';
import { w14ResultPublication } from './w14-result-publication.ts';

describe('workflow registry', () => {
  it.each(WORKFLOWS.workflows.map((w) => [w.id, w] as const))('%s is registered under its own id with its own form', (id, wf) => {
    expect(WORKFLOWS.require(id)).toBe(wf);
    expect(wf.form.id).toBe(id.toLowerCase());
  });

  it.each(WORKFLOWS.workflows.map((w) => [w.id, w] as const))('%s: every state is either terminal or accepts some event', (_id, wf) => {
    expect([...Object.keys(wf.table), ...wf.terminalStates].sort()).toEqual([...wf.states].sort());
    for (const s of wf.terminalStates) expect(wf.table[s]).toBeUndefined();
  });

  it.each(WORKFLOWS.workflows.map((w) => [w.id, w] as const))('%s: every event its table accepts is some action of it', (_id, wf) => {
    const events = new Set(wf.actions.map((a) => a.event));
    for (const row of Object.values(wf.table)) for (const event of Object.keys(row)) expect(events.has(event), event).toBe(true);
  });

  it('derives the starting verbs and action verbs', () => {
    expect(WORKFLOWS.starting('apply')?.workflow.id).toBe('W5');
    expect(WORKFLOWS.starting('approve')).toBeUndefined();
    expect(WORKFLOWS.actionVerbs).toEqual(expect.arrayContaining(['approve', 'return', 'reject', 'extend', 'resubmit']));
    expect(WORKFLOWS.action('W7', 'extend')?.event).toBe('extend');
    expect(WORKFLOWS.action('W5', 'extend')).toBeUndefined();
    expect(WORKFLOWS.clockKeys).toEqual(expect.arrayContaining(['W1.formal_review', 'W5.provider_review', 'W7.handling']));
  });

  it('refuses two workflows with one id or one starting verb, and an unknown id read from the store', () => {
    expect(() => createRegistry([w1DatasetPublication, w1DatasetPublication])).toThrow(/two workflows have the id W1/i);
    expect(() => createRegistry([w1DatasetPublication, { ...w1DatasetPublication, id: 'W99' }])).toThrow(/"submit" starts both W1 and W99/);
    expect(() => WORKFLOWS.require('W42')).toThrow(/No workflow W42/);
  });

  it('a verb that names datasets needs a datasetsField that is a list field of the start form (W14: sources)', () => {
    expect(WORKFLOWS.starting('result')).toMatchObject({ workflow: { id: 'W14', datasetsField: 'sources' }, start: { target: 'datasets' } });
    const { datasetsField: _dropped, ...without } = w14ResultPublication;
    expect(() => createRegistry([without])).toThrow(/"result" names datasets, but W14 has no datasetsField/);
    expect(() => createRegistry([{ ...w14ResultPublication, datasetsField: 'title' }])).toThrow(/no datasetsField that is a list field/);
  });
});
