// The shape every workflow state machine shares (conventions §1-2): transition(case, event, ctx) → { state, effects }.
// No I/O, no clock: "today" and the deadline arithmetic come in through the context.
import type { DomainError, Params } from '../errors.ts';
import type { Agency, CatalogEntry, Dataset, Grant, LocalDate, Role, User } from '../model.ts';
import type { PolicyProfile } from '../policy/policy-profile.ts';
import type { FormDefinition } from '../forms/form.ts';

export type WorkflowId = 'W1' | 'W5' | 'W7';

/** A running clock on a waiting state: N working days after `startedOn` (not counted), due at the end of `dueOn`. */
export interface Deadline {
  startedOn: LocalDate;
  workingDays: number;
  dueOn: LocalDate;
  /** Computed past the last year of official holiday data: weekends plus statutory days only. */
  provisional: boolean;
}

/** Who owes the current step: any user holding `role` at `agencyId`. */
export interface Assignment {
  agencyId: string;
  role: Role;
  /** Set when a supervisor reassigned the task (转办) to one person: only they (or their delegate) decide it. */
  userId?: string;
}

export interface CaseSnapshot<D = unknown> {
  id: string;
  workflow: WorkflowId;
  state: string;
  data: D;
  /** The person who started the case (applicant, reporter, or the provider's officer for W1). */
  applicantId: string;
  datasetId: string | null;
  assignee: Assignment | null;
  deadline: Deadline | null;
  version: number;
}

export type Recipient = { kind: 'user'; userId: string } | { kind: 'agency'; agencyId: string; role: Role };

/** Effects are data: the application layer carries them out in the same transaction as the state change. */
export type Effect =
  | { type: 'notify'; to: Recipient; message: string; params: Params }
  | { type: 'createDataset'; entry: CatalogEntry; providerAgencyId: string }
  | { type: 'updateDataset'; datasetId: string; entry: CatalogEntry }
  | { type: 'publishDataset'; datasetId: string }
  | { type: 'grantAccess'; datasetId: string; userId: string; expiresOn: LocalDate; agreementRef: string };

export type WorkflowEvent =
  | { type: 'approve'; note?: string }
  | { type: 'return'; reasons: string[] }
  | { type: 'reject'; legalBasis: string; reason?: string }
  | { type: 'resubmit'; input: Record<string, unknown> }
  | { type: 'extend'; workingDays: number; reason: string };

export type EventType = WorkflowEvent['type'];

export interface TransitionContext {
  actor: User;
  /** Today in the platform's time zone. */
  today: LocalDate;
  profile: PolicyProfile;
  /** The case's dataset, when it has one (W5, W7; W1 once its draft exists). */
  dataset: Dataset | null;
  /** The actor's grants on `dataset` still in force today (a second application for the same data is refused). */
  activeGrants: readonly Grant[];
  /** The city's authority (公共数据开放主管部门). */
  authority: Agency;
  /** The people whose delegate the actor is today: they may decide a task reassigned to one of them. */
  standingInFor: readonly string[];
  /** Deadline arithmetic on the official working-day calendar. */
  clock(startedOn: LocalDate, workingDays: number): Deadline;
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
}

export type TransitionResult<D> = Transition<D> | DomainError;

export interface WorkflowDefinition<D = any, I = any> {
  id: WorkflowId;
  /** The form a person fills to start the case; its labels live in locales under `forms.<form.id>`. */
  form: FormDefinition<I>;
  /** States in which nothing more can happen. */
  terminalStates: readonly string[];
  /**
   * Who may start this workflow on this dataset, checked before the form is filled; `start` applies the same checks.
   * Returns null when the actor may go ahead.
   */
  eligible?(ctx: TransitionContext): DomainError | null;
  /** Start a case from validated input. */
  start(input: I, ctx: TransitionContext): TransitionResult<D>;
  transition(snapshot: CaseSnapshot<D>, event: WorkflowEvent, ctx: TransitionContext): TransitionResult<D>;
}
