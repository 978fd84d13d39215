// 统计: the evaluation's figures (T22 年度评价, S37 考核, B40–B41), read from the audit trail and the Case table —
// never from counters kept beside them — and who may see which. Each case's handling is a function of its entries and
// the calendar alone, so it is kept in a memo marked with the last entry read and the basis it was computed on: a
// reading takes the trail again of exactly the cases with an entry since, and of every case when the basis changed.
import { createHash } from 'node:crypto';
import { addDays, instantAt } from '../../domain/calendar/local-date.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { fail } from '../../domain/errors.ts';
import { caseHandling } from '../../domain/evaluation/case-handling.ts';
import { handlingStatistics, type HandledCase, type HandlingStatistics, type OverdueTask, type StatsQuery } from '../../domain/evaluation/handling-statistics.ts';
import { localDayReader } from '../../domain/evaluation/local-day-reader.ts';
import type { LocalDate, User } from '../../domain/model.ts';
import { CLOSED_STATE } from '../../domain/workflows/closed-state.ts';
import type { WorkflowRegistry } from '../../domain/workflows/registry.ts';
import type { Outcome } from '../case-service.ts';
import { FOLLOW_ACTION } from '../follow-action.ts';
import type { CaseTrail } from '../ports/cases.ts';
import type { MemoCase } from '../ports/evaluation.ts';
import type { Store } from '../ports/store.ts';
import { calendarFingerprint } from '../reminders/recompute-deadlines.ts';

/** Entries that change nothing the evaluation counts: reminders before and on the due day, nudges, follows. */
const NOT_COUNTED = ['reminder.before_due', 'reminder.due_day', 'reminder.applicant', 'task.nudge', 'task.reassign', FOLLOW_ACTION];

export interface EvaluationData {
  handled: HandledCase[];
  overdue: OverdueTask[];
}

export interface StatisticsDeps {
  store: Pick<Store, 'agencies' | 'audit' | 'cases' | 'handlingMemo'>;
  workflows: WorkflowRegistry;
  calendar: WorkingCalendar;
  timeZone: string;
}

/** A memo is put back once the cases read again since it was put are a this-many-th of all the cases. */
const MEMO_CATCH_UP = 32;

/** Bump when what a memo holds, or how a case's handling is read, changes in a way the basis does not show. */
const MEMO_FORMAT = 1;

export function createStatisticsService(deps: StatisticsDeps) {
  const { store, workflows, calendar, timeZone } = deps;
  const terminal = new Map(workflows.workflows.map((w) => [w.id, [...w.terminalStates, CLOSED_STATE]]));
  // What every handling depends on beside the case's entries: the working days (the calendar), the terminal states,
  // what is not counted, and the reading itself (its source: a change of the code is a change of basis).
  const basis = createHash('sha256')
    .update(JSON.stringify([MEMO_FORMAT, calendarFingerprint(calendar), [...terminal], NOT_COUNTED, caseHandling.toString()]))
    .digest('hex')
    .slice(0, 32);

  function handledOf(trails: readonly CaseTrail[]): MemoCase[] {
    const dayOf = localDayReader(timeZone);
    return trails.map((tr) => ({
      caseId: tr.caseId,
      workflow: tr.workflow,
      lastAt: tr.entries.length === 0 ? null : tr.entries[tr.entries.length - 1]!.at.getTime(),
      handling: caseHandling(tr.entries, terminal.get(tr.workflow) ?? [CLOSED_STATE], dayOf, calendar),
    }));
  }

  /**
   * Every case's handling from all its entries: the memo's, with the cases that have an entry since it was put read
   * from their trails again (all of them when the basis changed), and the memo put back once they are many.
   */
  async function handlingNow(): Promise<MemoCase[]> {
    // The head first: whatever is read after it holds at least the entries up to it.
    const head = await store.audit.headSeq();
    const memo = await store.handlingMemo.get();
    // A memo ahead of the trail (a database put back from a backup taken between) is no memo of this one.
    const kept = memo !== null && memo.basis === basis && memo.throughSeq <= head ? memo : null;
    if (kept !== null && kept.throughSeq === head) return kept.cases;
    const changed = kept === null ? undefined : await store.audit.casesChangedSince(kept.throughSeq);
    const read = handledOf(await store.audit.listCaseTrails({ before: null, skip: NOT_COUNTED, caseIds: changed }));
    let cases = read;
    if (kept !== null) {
      const byId = new Map(kept.cases.map((c) => [c.caseId, c]));
      for (const c of read) byId.set(c.caseId, c);
      cases = [...byId.values()];
    }
    // Put back when it saves more than it costs: writing a hundred thousand cases takes what reading a few thousand
    // trails again does, so a few changed cases are read from their trails each time until they are many.
    if (kept === null || read.length * MEMO_CATCH_UP >= cases.length) await store.handlingMemo.put({ basis, throughSeq: head, cases });
    return cases;
  }

  /** Every case's handling up to the end of `until`, and the tasks overdue `today`: what figures are computed from. */
  async function read(until: LocalDate, today: LocalDate): Promise<EvaluationData> {
    // Nothing after the last day: a case closed since is not closed by then.
    const before = instantAt(addDays(until, 1), 0, timeZone);
    const now = await handlingNow();
    // A case with an entry from then on is read up to then from its trail.
    const later = now.filter((c) => c.lastAt !== null && c.lastAt >= before.getTime()).map((c) => c.caseId);
    const then = new Map(
      later.length === 0 ? [] : handledOf(await store.audit.listCaseTrails({ before, skip: NOT_COUNTED, caseIds: later })).map((c) => [c.caseId, c]),
    );
    const handled = now.map((c) => ({ workflow: c.workflow, handling: (then.get(c.caseId) ?? c).handling }));
    const overdue: OverdueTask[] = [];
    for (const c of await store.cases.list({ open: true, dueBefore: today }))
      if (c.assignee && c.assignee.role !== 'applicant' && c.deadline) overdue.push({ workflow: c.workflow, agencyId: c.assignee.agencyId });
    return { handled, overdue };
  }

  return {
    read,

    /** The figures for the period, as they stand `today` (overdue now is today's). */
    async compute(q: StatsQuery, today: LocalDate): Promise<HandlingStatistics> {
      const { handled, overdue } = await read(q.to, today);
      return handlingStatistics(handled, overdue, q);
    },

    /**
     * Whose figures `actor` sees: the authority's staff and operators every agency's (they evaluate, T22, S37); an
     * agency's supervisor their own agency's; nobody else any.
     */
    async scopeOf(actor: User): Promise<Outcome<string | null>> {
      if (actor.roles.includes('operator')) return { ok: true, value: null };
      const agency = actor.agencyId ? await store.agencies.get(actor.agencyId) : null;
      const staff = actor.roles.includes('reviewer') || actor.roles.includes('supervisor');
      if (agency && staff && agency.kind === 'authority') return { ok: true, value: null };
      if (agency && actor.roles.includes('supervisor')) return { ok: true, value: agency.id };
      return fail('FORBIDDEN_ROLE', { role: 'supervisor' });
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
