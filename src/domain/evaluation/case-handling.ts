// How one case was handled, read from its audit entries alone (T22 年度评价, S37 考核: the evaluation counts what was
// done and when, not counters that can drift): the spans an agency held its task, with their deadlines and whether
// they ended late, the returns for correction and the escalations, each with the agency that owed the step then.
import type { Params } from '../errors.ts';
import type { LocalDate } from '../model.ts';
import { countWorkingDays, type WorkingCalendar } from '../calendar/working-calendar.ts';

/** One audit entry of a case, in order: what the evaluation reads of it. */
export interface TrailEntry {
  at: Date;
  action: string;
  detail: Params;
}

/** A span an agency held the case's task: from the entry that gave it the step to the entry that ended it. */
export interface HeldTask {
  agencyId: string;
  from: LocalDate;
  to: LocalDate;
  /** The deadline in force when it ended (a calendar correction moves it); null: a step without one. */
  dueOn: LocalDate | null;
  /** Ended after its due day. */
  late: boolean;
  /** Working days in (from, to]: a step decided the day it arrived took 0. */
  workingDays: number;
}

/** Something that happened while an agency (or nobody: null) owed the step. */
export interface OwnedEvent {
  agencyId: string | null;
  on: LocalDate;
}

export interface CaseHandling {
  /** The day the case reached a terminal state; null while it is open. */
  closedOn: LocalDate | null;
  tasks: HeldTask[];
  /** Returns for correction (退回补正), each owned by the agency whose step it ended. */
  returns: OwnedEvent[];
  /** Escalations the scheduler sent (reminder.escalation). */
  escalations: OwnedEvent[];
  /** The step an agency holds now (the case is open), with its deadline; null when none does. */
  open: { agencyId: string; from: LocalDate; dueOn: LocalDate | null } | null;
}

/** A transition's action names the event it came from: `W5.return_formal`, `W1.return`. */
const RETURN_ACTION = /^[^.]+\.return(?:_|$)/;

/**
 * Reads the case's entries in order. Every transition entry records the state and version it wrote and, since the
 * evaluation came, who owes the step from then on (`taskAgency`, `taskRole`). While the case waits on nobody — returned
 * for correction (assignee cleared) — or on the applicant themself (`taskRole: applicant`, W10's holder), no agency
 * holds it: the agency's clock stops (T15(二), S20). A step with no recorded owner (entries written before the owner
 * was recorded) is nobody's either.
 */
export function caseHandling(entries: readonly TrailEntry[], terminalStates: readonly string[], dayOf: (at: Date) => LocalDate, calendar: WorkingCalendar): CaseHandling {
  const tasks: HeldTask[] = [];
  const returns: OwnedEvent[] = [];
  const escalations: OwnedEvent[] = [];
  // The step held now: its agency, since when, its deadline (no closure over it: this runs for every case there is).
  let agencyId: string | null = null;
  let from: LocalDate = '';
  let dueOn: LocalDate | null = null;
  let closedOn: LocalDate | null = null;

  for (const e of entries) {
    const d = e.detail;
    if (e.action === 'reminder.escalation') {
      escalations.push({ agencyId, on: dayOf(e.at) });
      continue;
    }
    if (e.action === 'calendar.deadline_moved') {
      if (agencyId !== null && typeof d.to === 'string') dueOn = d.to;
      continue;
    }
    // Transitions only: they write a state and a version (follow, nudge, reminders and reassignments do not).
    if (typeof d.state !== 'string' || typeof d.version !== 'number') continue;
    const on = dayOf(e.at);
    if (agencyId !== null) {
      const workingDays = countWorkingDays(calendar, from, on);
      tasks.push({ agencyId, from, to: on, dueOn, late: dueOn !== null && on > dueOn, workingDays: workingDays > 0 ? workingDays : 0 });
    }
    if (RETURN_ACTION.test(e.action)) returns.push({ agencyId, on });
    if (typeof d.taskAgency === 'string' && d.taskRole !== 'applicant') {
      agencyId = d.taskAgency;
      from = on;
      dueOn = typeof d.dueOn === 'string' ? d.dueOn : null;
    } else {
      agencyId = null;
      dueOn = null;
    }
    closedOn = terminalStates.includes(d.state) ? on : null;
  }
  // A step still held is no finished task: the case is open, and its lateness is `overdue now` (the Case table's).
  return { closedOn, tasks, returns, escalations, open: agencyId === null ? null : { agencyId, from, dueOn } };
}
