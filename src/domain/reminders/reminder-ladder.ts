// The reminder ladder of a waiting task (spec "Notify the parties", "Escalation"): remind whoever owes the step
// before its deadline and on the day it falls due; once it is overdue, alert supervisors one level at a time, each a
// set number of working days after the last. The rungs are data from the city's policy profile.
import type { LocalDate } from '../model.ts';
import { addWorkingDays } from '../calendar/working-calendar.ts';
import { localDateOf } from '../calendar/local-date.ts';
import { windowOpensOn, workingDaysBefore, type SendingWindow, type WorkingHours } from './working-hours.ts';

/** `applicant`: a step the applicant owes with no statutory clock (accepting the usage agreement). */
export const STEP_RULES = ['before_due', 'due_day', 'escalation', 'applicant'] as const;
export type StepRule = (typeof STEP_RULES)[number];

/**
 * Who an escalation reaches: the supervisors of the agency that owes the step, its data officers (a step a person owes
 * there, W10's usage report by a grant holder: the provider that granted the data hears first), or the supervisors of
 * the city's authority.
 */
export type EscalationTarget = 'agency_supervisor' | 'agency_officer' | 'authority_supervisor';

export interface EscalationStep {
  to: EscalationTarget;
  /** Working days after the previous rung (the due day for the first). */
  afterWorkingDays: number;
}

/** A step's own escalation chain, and the article it comes from. */
export interface StepEscalation {
  escalation: readonly EscalationStep[];
  source: string;
}

export interface ReminderPolicy {
  /** The advance reminder, this many working days before the due day; 0 for none. */
  beforeDueWorkingDays: number;
  /** A reminder on the morning of the due day. */
  onDueDay: boolean;
  /** Level 1, 2…: climbs the chain once the task is overdue. */
  escalation: readonly EscalationStep[];
  /**
   * A step whose regulation says who hears of it when it is late climbs its own chain instead, keyed
   * `<workflow>.<state>` (B45: a rectification not done in time is reported upward by the authority), with the source.
   */
  stepEscalation?: Readonly<Record<string, StepEscalation>>;
  /** Nothing is sent outside these hours, nor on a day that is not a working day. */
  workingHours: WorkingHours;
  /**
   * A step the applicant owes with no statutory clock (accepting the usage agreement): reminded every this many
   * working days, `applicantReminders` times, and never escalated — nobody is overdue on it.
   */
  applicantEveryWorkingDays: number;
  applicantReminders: number;
  /**
   * The weekly report to supervisors and the authority's staff (T22, S37: the evaluation's figures): on the first
   * working day of each week at this time (HH:MM, inside working hours), about the week before.
   */
  weeklyReportAt: string;
}

export interface PlannedStep {
  rule: StepRule;
  /** 0 for reminders, 1… for escalations. */
  level: number;
  /** The working day the rung falls on, and the moment its window opens. */
  day: LocalDate;
  dueAt: Date;
}

/**
 * The rungs for a task that arrived at `arrivedAt` with `deadline`. A reminder that would fall on or before the day the
 * task arrived is left out: the arrival message itself has just said when it is due.
 */
export function planLadder(deadline: { dueOn: LocalDate }, arrivedAt: Date, policy: ReminderPolicy, window: SendingWindow): PlannedStep[] {
  const arrivedOn = localDateOf(arrivedAt, window.timeZone);
  const steps: PlannedStep[] = [];
  const rung = (rule: StepRule, level: number, day: LocalDate) => steps.push({ rule, level, day, dueAt: windowOpensOn(window, day) });

  if (policy.beforeDueWorkingDays > 0) {
    const day = workingDaysBefore(window.calendar, deadline.dueOn, policy.beforeDueWorkingDays);
    if (day > arrivedOn) rung('before_due', 0, day);
  }
  if (policy.onDueDay && deadline.dueOn > arrivedOn) rung('due_day', 0, deadline.dueOn);
  let day = deadline.dueOn;
  policy.escalation.forEach((step, i) => {
    day = addWorkingDays(window.calendar, day, step.afterWorkingDays).dueOn;
    rung('escalation', i + 1, day);
  });
  return steps;
}

/** The policy as it applies to a task waiting in `state` of `workflow`: that step's own escalation chain, if it has one. */
export function ladderFor(policy: ReminderPolicy, workflow: string, state: string): ReminderPolicy {
  const key = `${workflow}.${state}`;
  const own = policy.stepEscalation && Object.hasOwn(policy.stepEscalation, key) ? policy.stepEscalation[key] : undefined;
  return own ? { ...policy, escalation: own.escalation } : policy;
}

/** The policy's escalation step for `level` (1-based), or undefined past the last. */
export function escalationStep(policy: ReminderPolicy, level: number): EscalationStep | undefined {
  return policy.escalation[level - 1];
}

/**
 * The reminders of a step the applicant owes without a statutory clock: every `applicantEveryWorkingDays` working days
 * after it arrived, `applicantReminders` times; levels 1, 2… Nothing escalates: nobody is overdue on it.
 */
export function planApplicantReminders(arrivedAt: Date, policy: ReminderPolicy, window: SendingWindow): PlannedStep[] {
  const steps: PlannedStep[] = [];
  let day = localDateOf(arrivedAt, window.timeZone);
  for (let level = 1; level <= policy.applicantReminders && policy.applicantEveryWorkingDays > 0; level++) {
    day = addWorkingDays(window.calendar, day, policy.applicantEveryWorkingDays).dueOn;
    steps.push({ rule: 'applicant', level, day, dueAt: windowOpensOn(window, day) });
  }
  return steps;
}
