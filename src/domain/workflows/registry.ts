// Every workflow the bot runs, and everything derived from them: the workflow ids, the clock names every profile must
// set, the verbs that start cases and the actions on them. Adding a workflow: its file, and one entry in BUILT_IN.
import { KaifangError } from '../errors.ts';
import { w1DatasetPublication } from './w1-dataset-publication.ts';
import { w2AttributeChange } from './w2-attribute-change.ts';
import { w2rReassessment } from './w2r-reassessment.ts';
import { w2sSharingChange } from './w2s-sharing-change.ts';
import { w3CatalogChange } from './w3-catalog-change.ts';
import { w4Delisting } from './w4-delisting.ts';
import { w5ConditionalApplication } from './w5-conditional-application.ts';
import { w6DataDemand } from './w6-data-demand.ts';
import { w7Objection } from './w7-objection.ts';
import { w8RightsComplaint } from './w8-rights-complaint.ts';
import { w9QualityRectification } from './w9-quality-rectification.ts';
import { w10UsageReport } from './w10-usage-report.ts';
import { w11Sharing } from './w11-sharing.ts';
import { w12AnnualPlan } from './w12-annual-plan.ts';
import { w13DataFreshness } from './w13-data-freshness.ts';
import { w14ResultPublication } from './w14-result-publication.ts';
import type { ActionDefinition, StartVerb, WorkflowDefinition } from './workflow.ts';

export const BUILT_IN = [w1DatasetPublication, w2AttributeChange, w2rReassessment, w2sSharingChange, w3CatalogChange, w4Delisting, w5ConditionalApplication, w6DataDemand, w7Objection, w8RightsComplaint, w9QualityRectification, w10UsageReport, w11Sharing, w12AnnualPlan, w13DataFreshness, w14ResultPublication] as const;

type BuiltIn = (typeof BUILT_IN)[number];

/** The built-in workflows' ids. A registry may hold others (a test's fixture workflow): cases carry a string. */
export type WorkflowId = BuiltIn['id'];

type ClocksOf<W> = W extends { id: infer Id extends string; clocks: readonly (infer C extends string)[] } ? `${Id}.${C}` : never;

/** Every clock of every built-in workflow, `W5.provider_review`…: a profile without one of them does not type-check. */
export type ClockKey = ClocksOf<BuiltIn>;

export interface WorkflowRegistry {
  readonly workflows: readonly WorkflowDefinition[];
  readonly ids: readonly string[];
  get(id: string): WorkflowDefinition | undefined;
  /** For ids read from the store: an unknown one is a deployment error. */
  require(id: string): WorkflowDefinition;
  /** The workflow a starting verb belongs to. */
  starting(verb: string): { workflow: WorkflowDefinition; start: StartVerb } | undefined;
  /** Every action verb of any workflow, once each, in the order first declared. */
  readonly actionVerbs: readonly string[];
  /** The action of the case's workflow that `verb` names. */
  action(workflowId: string, verb: string): ActionDefinition | undefined;
  /** Every `<id>.<clock>` key the workflows need from a profile (an optional step's clock only when the city has the step). */
  readonly clockKeys: readonly string[];
  /** The steps with a clock of a workflow, and whether a city's procedure may leave each out (a profile file may). */
  steps(workflowId: string): readonly { state: string; optional: boolean }[] | undefined;
}

export function createRegistry(definitions: readonly WorkflowDefinition[]): WorkflowRegistry {
  const byId = new Map<string, WorkflowDefinition>();
  const starts = new Map<string, { workflow: WorkflowDefinition; start: StartVerb }>();
  const actionVerbs: string[] = [];
  for (const wf of definitions) {
    if (byId.has(wf.id)) throw new KaifangError('REGISTRY_INVALID', `Two workflows have the id ${wf.id}.`);
    byId.set(wf.id, wf);
    for (const start of wf.starts) {
      const taken = starts.get(start.verb);
      if (taken) throw new KaifangError('REGISTRY_INVALID', `The verb "${start.verb}" starts both ${taken.workflow.id} and ${wf.id}.`);
      starts.set(start.verb, { workflow: wf, start });
      // Codes typed after the verb fill a list field that names datasets: the workflow must say which.
      if (start.target === 'datasets' && wf.form.fields[wf.datasetsField ?? '']?.kind !== 'list')
        throw new KaifangError('REGISTRY_INVALID', `"${start.verb}" names datasets, but ${wf.id} has no datasetsField that is a list field of its form.`);
    }
    for (const a of wf.actions) if (!actionVerbs.includes(a.verb)) actionVerbs.push(a.verb);
  }
  for (const verb of actionVerbs)
    if (starts.has(verb)) throw new KaifangError('REGISTRY_INVALID', `"${verb}" is both a starting verb and an action.`);
  const workflows = Object.freeze([...definitions]);
  return {
    workflows,
    ids: Object.freeze(workflows.map((w) => w.id)),
    get: (id) => byId.get(id),
    require(id) {
      const wf = byId.get(id);
      if (!wf) throw new KaifangError('UNKNOWN_WORKFLOW', `No workflow ${id} is registered (known: ${[...byId.keys()].join(', ')}).`);
      return wf;
    },
    starting: (verb) => starts.get(verb),
    actionVerbs: Object.freeze(actionVerbs),
    action: (workflowId, verb) => byId.get(workflowId)?.actions.find((a) => a.verb === verb),
    steps: (id) => byId.get(id)?.clocks.map((state) => ({ state, optional: byId.get(id)!.optionalSteps?.includes(state) ?? false })),
    clockKeys: Object.freeze(workflows.flatMap((w) => w.clocks.filter((c) => !w.optionalSteps?.includes(c)).map((c) => `${w.id}.${c}`))),
  };
}

/** The workflows the bot runs. */
export const WORKFLOWS: WorkflowRegistry = createRegistry(BUILT_IN);
