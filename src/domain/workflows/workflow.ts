// The shape every workflow shares: one declaration says what the workflow is — its verbs, its
// actions, its states and clocks, its history — and `transition(case, event, ctx) → { state, effects }` says what it
// does. No I/O, no clock: "today" and the deadline arithmetic come in through the context.
import type { DomainError, Params } from '../errors.ts';
import type { Agency, Dataset, Grant, LocalDate, Role, User } from '../model.ts';
import type { PolicyProfile } from '../policy/policy-profile.ts';
import type { FormDefinition } from '../forms/form.ts';
import type { Effect } from '../effects/effect.ts';
import type { WorkflowEvent } from './events.ts';

export type { Effect, Recipient } from '../effects/effect.ts';
export type { EventType, WorkflowEvent } from './events.ts';

/** Any event: a `type` and its fields. The shared ones are `WorkflowEvent`. */
export interface BaseEvent {
  type: string;
}

/** A running clock on a waiting state: N working days after `startedOn` (not counted), due at the end of `dueOn`. */
export interface Deadline {
  startedOn: LocalDate;
  workingDays: number;
  dueOn: LocalDate;
  /** Computed past the last year of official holiday data: weekends plus statutory days only. */
  provisional: boolean;
  /**
   * The profile's date (`W12.filing_due`) the deadline is, when it is a calendar date the profile sets (W12: the plans
   * by 30 April, the city's by 31 May) rather than a count of working days: `workingDays` is what the span holds, and
   * a change of the calendar leaves the date where it is.
   */
  profileDate?: string;
}

/** Who owes the current step: any user holding `role` at `agencyId`. */
export interface Assignment {
  agencyId: string;
  role: Role;
  /**
   * Set when a supervisor reassigned the task (转办) to one person: only they (or their delegate) decide it. With role
   * `applicant`, the step is that person's in their own name, not as an agency's member (W10: a grant holder's usage
   * report, at the provider that granted the data).
   */
  userId?: string;
}

/** The person who owes a step in their own name (see Assignment.userId), or null: an agency's members owe it. */
export function personalOwner(a: Assignment | null | undefined): string | null {
  return a?.role === 'applicant' && a.userId !== undefined ? a.userId : null;
}

export interface CaseSnapshot<D = unknown> {
  id: string;
  /** The id of a workflow in the registry the application runs (`W1`, `W5`…). */
  workflow: string;
  state: string;
  data: D;
  /** The person who started the case (applicant, reporter, or the provider's officer for W1). */
  applicantId: string;
  datasetId: string | null;
  assignee: Assignment | null;
  deadline: Deadline | null;
  version: number;
}

export interface TransitionContext {
  actor: User;
  /** Today in the platform's time zone. */
  today: LocalDate;
  profile: PolicyProfile;
  /**
   * The case's dataset, when it has one (W5, W7; W1 once its draft exists); or the dataset an action names for a case
   * that has none yet (the action's `datasetField`: W3's filing on an agency's trigger), null when that code is unknown.
   */
  dataset: Dataset | null;
  /**
   * The agency a start names instead of a dataset (`trigger 市交通运输局 …`), or that a form's `agencyField` names
   * (`request … agency=transport`); null otherwise.
   */
  agency: TargetAgency | null;
  /** The grant a start names (`spotcheck G-0001`), whose dataset is then `dataset`; null otherwise. */
  grant: Grant | null;
  /**
   * The datasets a start's list field names by their codes (the workflow's `datasetsField`: W14's sources), those the
   * platform has, in the order named; empty for every other start and step.
   */
  datasets: readonly Dataset[];
  /** The agency that provides `dataset` (W11: a national or provincial body's data is referred upward, Z15); absent when unknown. */
  provider?: Agency | null;
  /** The case a start form's `caseField` names (W1's `demand=C-0001`); null when none is named or no such case exists. */
  linked?: CaseSnapshot | null;
  /** The actor's grants on `dataset` still in force today (a second application for the same data is refused). */
  activeGrants: readonly Grant[];
  /** The city's authority (公共数据开放主管部门). */
  authority: Agency;
  /** The people whose delegate the actor is today: they may decide a task reassigned to one of them. */
  standingInFor: readonly string[];
  /** Deadline arithmetic on the official working-day calendar. */
  clock(startedOn: LocalDate, workingDays: number): Deadline;
  /** A deadline on the profile's date `key` of `dueOn`'s year, `dueOn`, with the working days from `startedOn` to it. */
  until(startedOn: LocalDate, dueOn: LocalDate, key: string): Deadline;
}

/** An agency a start names, with what the platform holds of it: the codes of its published datasets, in code order. */
export interface TargetAgency extends Agency {
  publishedCodes: readonly string[];
}

export interface Transition<D> {
  ok: true;
  state: string;
  data: D;
  assignee: Assignment | null;
  deadline: Deadline | null;
  effects: Effect[];
  /** The audit line's action, e.g. `W5.approve`; the application adds who, when and through which channel. */
  action: string;
  /** Free-text detail for the audit record (reasons, legal basis…). */
  detail?: Params;
  /**
   * The dataset a case without one is about from now on (W3: the provider's filing on an agency's trigger names it):
   * the case is written with it, once. Omitted: the case's dataset stays as it is.
   */
  datasetId?: string;
}

export type TransitionResult<D> = Transition<D> | DomainError;

export type StartTargetKind = 'none' | 'dataset' | 'datasetOrAgency' | 'datasets' | 'grant';

/** A chat verb that starts a case: `submit`, `apply DS-0002`, `object DS-0001 <text>`. */
export interface StartVerb {
  /** The English verb; other languages' words for it live in `locales/<lang>/vocabulary.json` under `verbs.<verb>`. */
  verb: string;
  /**
   * What the verb names first: nothing, a dataset code, or either a dataset code or an agency (its id or its name, in
   * quotes when it has spaces: `trigger 市交通运输局 …`), or one or more dataset codes, which fill the workflow's
   * `datasetsField` (`result DS-0001 DS-0003 …`: the sources a W14 result cites).
   */
  target: StartTargetKind;
  /** The field that free text after the target fills, e.g. `object DS-0001 <text>`. */
  rest: string | null;
  /**
   * Fields of the start form a word typed right after the target sets: a `flag` field is switched on by its words
   * (the vocabulary's `flags.<name>`, and the name itself: `delist DS-0002 now`); a `choice` field takes the option
   * whose words are typed (`flags.<name>.<option>`: `object DS-0001 建议 …`).
   */
  flags?: readonly string[];
  /** The target dataset's open conditions are read before the form (T14(三): an applicant must meet them). */
  showsConditions?: boolean;
  /**
   * The field of the start form that names an agency by its id or its name (W6's `request … agency=transport`): the
   * application finds it and hands it to the start as `ctx.agency`; an agency it does not know refuses the field.
   */
  agencyField?: string;
  /**
   * The field of the start form that names another case by its id (W1's `submit … demand=C-0001`: the W6 demand
   * whose data the entry opens): the application hands that case to the start as `ctx.linked`.
   */
  caseField?: string;
}

/**
 * Something a person does to a waiting case: a verb, a button, the form it asks for, and the event it becomes.
 * Who may take it in which state is the transition table's: a state's row lists the events it accepts and who sends them.
 */
export interface ActionDefinition<V = any, E extends BaseEvent = BaseEvent> {
  /** The English chat verb, also the button's id; aliases in the vocabulary under `verbs.<verb>`. */
  verb: string;
  /** The event (the transition table's column) the filled form becomes. */
  event: E['type'];
  /**
   * What the person fills; labels under `forms.<form.id>`. null: any fields of the workflow's own start form, each
   * replacing its old value (a resubmission).
   */
  form: FormDefinition<V> | null;
  /** The field that free text after the case id fills (`approve C-0001 <note>`). */
  rest: string | null;
  toEvent(values: V): E;
  /** Shown as a button on the task message, in this style; omitted: a verb only. */
  button?: 'primary' | 'danger' | 'plain';
  /**
   * true: typed with a dataset's code instead of a case id (`updated DS-0001`), it acts on that dataset's one open case
   * of the workflow (W13: the provider knows the dataset, not the case the platform opened).
   */
  byDataset?: boolean;
  /**
   * true: typed with no case id (`plan items=…`), it acts on the one open case of the workflow that the actor's agency
   * owes and that takes the action (W12: a provider files the plan the platform asked it for).
   */
  byAgency?: boolean;
  /**
   * With `byDataset`: when the dataset has no open case that takes the action, the same command starts a case of the
   * workflow instead, filled with the action's values (its start form is the action's form). W13: a provider who
   * updates its data before the platform asks records it all the same, and the next update counts from then.
   */
  startsWhenNone?: boolean;
  /**
   * The field of its form that names, by its code, the dataset of a case that has none yet (W3's filing on an agency's
   * trigger: `file C-0001 dataset=DS-0003 …`): the application hands that dataset to the step as `ctx.dataset`.
   */
  datasetField?: string;
  /** The field of its form that names an agency by id or name (W6's `approve C-0001 agency=transport`): `ctx.agency`. */
  agencyField?: string;
}

export interface Step<D, E extends BaseEvent = BaseEvent> {
  /** Who decides this step when it is not the case's assignee (resubmit always belongs to the applicant). */
  by?: (snapshot: CaseSnapshot<D>, ctx: TransitionContext) => Assignment;
  /** A refusal that needs no input (e.g. one extension at a time): the person is told before filling a form. */
  refuse?: (snapshot: CaseSnapshot<D>, ctx: TransitionContext) => DomainError | null;
  /**
   * false: the verb works when typed, but no button offers it in this state, because another action's button does
   * the same (W7 while handling: `resolve` has the button; a typed `approve <case> <feedback>` resolves too).
   */
  button?: false;
  run(snapshot: CaseSnapshot<D>, event: E, ctx: TransitionContext): TransitionResult<D>;
}

export type StateSteps<D, E extends BaseEvent = WorkflowEvent> = { readonly [K in E['type']]?: Step<D, Extract<E, { type: K }>> };

/** State → event → step. Terminal states have no row: they accept nothing. */
export type TransitionTable<D, E extends BaseEvent = WorkflowEvent> = Readonly<Record<string, StateSteps<D, E>>>;

export interface WorkflowDefinition<D = any, I = any, E extends BaseEvent = any> {
  id: string;
  /** The form a person fills to start the case; its labels live in locales under `forms.<form.id>`. */
  form: FormDefinition<I>;
  /** The verbs that start it (none: started only by the platform). */
  starts: readonly StartVerb[];
  /** What people do to its cases, in the order help and buttons list them. */
  actions: readonly ActionDefinition<any, E>[];
  /** Every state; names in locales under `states.<id>.<state>`. */
  states: readonly string[];
  /** States in which nothing more can happen. */
  terminalStates: readonly string[];
  /** Its clocks: every policy profile has `<id>.<clock>` working days for each, unless the step is optional. */
  clocks: readonly string[];
  /** Steps (states with a clock) a city's procedure may not have: the profile leaves them out (G(二)3: no W5 formal review). */
  optionalSteps?: readonly string[];
  /**
   * States in which the applicant owes the next step with no statutory clock (accepting the usage agreement): they are
   * reminded on the profile's applicant cadence, nobody is escalated.
   */
  awaitingApplicant?: readonly string[];
  /**
   * 'public': anyone may see its cases (`status`), whoever filed them (W6: demands are public, so that others can
   * follow one rather than file it again). Omitted: only the parties and staff (`canSee`).
   */
  visibility?: 'public';
  /** Every message it sends (locale keys under `notify.`): each needs its text in every language. */
  messages: readonly string[];
  /** Every audit action it records (`W5.approve_formal`…), named in history under `actions.<action>`. */
  auditActions: readonly string[];
  /**
   * The audit detail keys its history shows, in this order (`commands.historyDetail.<key>`). A key that is a choice
   * field of the start form shows its option's label (`forms.<form>.<key>.options.<value>`).
   */
  history: readonly string[];
  /**
   * What a case's status shows of its data, as values of start-form fields (`{ kind: 'suggestion' }`): each under the
   * field's label, a choice by its option's label. Omitted: nothing beyond state, deadline and history.
   */
  facts?(data: D): Readonly<Record<string, string>>;
  /** The grant a case is about (W10), which its steps then see as it stands now in `ctx.grant`. */
  grantOf?(data: D): string | null;
  /**
   * What a case without a dataset is about, shown where its dataset would be (case lines, the status header): W3's
   * provider a trigger names before its filing names the dataset. Omitted or null: nothing.
   */
  subject?(data: D): string | null;
  table: TransitionTable<D, E>;
  /**
   * Who may start this workflow on this dataset, checked before the form is filled; `start` applies the same checks.
   * Returns null when the actor may go ahead.
   */
  eligible?(ctx: TransitionContext): DomainError | null;
  /**
   * The list field of its start form that names datasets by their codes (W14's `sources`): the application hands the
   * datasets named to `eligible`, `start` and a resubmission that names them again as `ctx.datasets`, and the codes
   * typed right after a start verb whose target is `datasets` fill it. The case itself has no dataset: it names several.
   */
  datasetsField?: string;
  /** Start a case from validated input. */
  start(input: I, ctx: TransitionContext): TransitionResult<D>;
  transition(snapshot: CaseSnapshot<D>, event: E, ctx: TransitionContext): TransitionResult<D>;
}
