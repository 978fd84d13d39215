// The evaluation's figures (T22 年度评价, S37 考核, B40–B41) for a period, per agency or per workflow, from each case's
// handling (case-handling.ts) and the tasks overdue now: closed, closed on time and the rate, overdue now, the median
// and 90th percentile of handling time in working days, escalations, returns per case.
import type { LocalDate } from '../model.ts';
import type { CaseHandling, HeldTask, OwnedEvent } from './case-handling.ts';

export type StatsGrouping = 'agency' | 'workflow';

export interface HandledCase {
  workflow: string;
  handling: CaseHandling;
}

/** A task overdue today (the Case table: due before today, owed by an agency). */
export interface OverdueTask {
  workflow: string;
  agencyId: string;
}

export interface HandlingFigures {
  /** Cases closed in the period (by agency: those it held a step of). */
  closed: number;
  /** Of them, those whose every step (the agency's own, by agency) ended by its due day. */
  onTime: number;
  /** onTime / closed; null when nothing closed. */
  onTimeRate: number | null;
  overdueNow: number;
  /** Working days the closed cases were held (the agency's own steps, by agency; clock stopped while returned). */
  medianDays: number | null;
  p90Days: number | null;
  /** Escalations sent in the period, on any case. */
  escalations: number;
  /** Returns for correction in the closed cases. */
  returns: number;
  /** returns / closed; null when nothing closed. */
  returnsPerCase: number | null;
}

export interface StatsRow {
  /** An agency id or a workflow id. */
  key: string;
  figures: HandlingFigures;
}

export interface StatsQuery {
  from: LocalDate;
  to: LocalDate;
  by: StatsGrouping;
  /** Only what this agency held (a supervisor's own agency); null: every agency (the authority, operators). */
  scope: string | null;
}

export interface HandlingStatistics {
  rows: StatsRow[];
  /** The whole scope: each case once, with every step in scope. */
  total: HandlingFigures;
}

/**
 * The percentile Excel's PERCENTILE.INC gives (the evaluation offices check figures in Excel): linear between the
 * closest ranks; `sorted` ascending.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const low = sorted[lo]!;
  return low + (sorted[hi]! - low) * (rank - lo);
}

interface Tally {
  closed: number;
  onTime: number;
  overdueNow: number;
  days: number[];
  escalations: number;
  returns: number;
}

const emptyTally = (): Tally => ({ closed: 0, onTime: 0, overdueNow: 0, days: [], escalations: 0, returns: 0 });

function figuresOf(t: Tally): HandlingFigures {
  const days = t.days.sort((a, b) => a - b);
  return {
    closed: t.closed,
    onTime: t.onTime,
    onTimeRate: t.closed ? t.onTime / t.closed : null,
    overdueNow: t.overdueNow,
    medianDays: percentile(days, 0.5),
    p90Days: percentile(days, 0.9),
    escalations: t.escalations,
    returns: t.returns,
    returnsPerCase: t.closed ? t.returns / t.closed : null,
  };
}

/** One closed case's share of a tally: the steps given, the returns that ended them. */
function countClosed(t: Tally, tasks: readonly HeldTask[], returns: number): void {
  t.closed++;
  if (!tasks.some((x) => x.late)) t.onTime++;
  t.days.push(tasks.reduce((sum, x) => sum + x.workingDays, 0));
  t.returns += returns;
}

export function handlingStatistics(cases: Iterable<HandledCase>, overdue: readonly OverdueTask[], q: StatsQuery): HandlingStatistics {
  const groups = new Map<string, Tally>();
  const total = emptyTally();
  const tally = (key: string) => {
    let t = groups.get(key);
    if (!t) groups.set(key, (t = emptyTally()));
    return t;
  };
  const inScope = (agencyId: string | null) => q.scope === null || agencyId === q.scope;
  const inPeriod = (on: LocalDate) => on >= q.from && on <= q.to;
  const owned = (events: readonly OwnedEvent[]) => events.filter((e) => inScope(e.agencyId));

  for (const { workflow, handling } of cases) {
    const escalated = owned(handling.escalations).filter((e) => inPeriod(e.on));
    for (const e of escalated) {
      total.escalations++;
      if (q.by === 'workflow') tally(workflow).escalations++;
      else if (e.agencyId !== null) tally(e.agencyId).escalations++;
    }
    if (handling.closedOn === null || !inPeriod(handling.closedOn)) continue;
    const tasks = handling.tasks.filter((x) => inScope(x.agencyId));
    // A supervisor's figures are about their agency: a case it held no step of is not theirs.
    if (q.scope !== null && tasks.length === 0) continue;
    const returns = owned(handling.returns);
    countClosed(total, tasks, q.scope === null ? handling.returns.length : returns.length);
    if (q.by === 'workflow') {
      countClosed(tally(workflow), tasks, q.scope === null ? handling.returns.length : returns.length);
      continue;
    }
    for (const agencyId of new Set(tasks.map((x) => x.agencyId)))
      countClosed(tally(agencyId), tasks.filter((x) => x.agencyId === agencyId), returns.filter((r) => r.agencyId === agencyId).length);
  }

  for (const o of overdue) {
    if (!inScope(o.agencyId)) continue;
    total.overdueNow++;
    tally(q.by === 'workflow' ? o.workflow : o.agencyId).overdueNow++;
  }

  const rows = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([key, t]) => ({ key, figures: figuresOf(t) }));
  return { rows, total: figuresOf(total) };
}

/**
 * The tasks overdue at the end of `day`: held by an agency in scope then, past their due day (the weekly report's line
 * over the last weeks). A task ended that day counts as ended.
 */
export function overdueAt(cases: Iterable<HandledCase>, day: LocalDate, scope: string | null): number {
  let n = 0;
  for (const { handling } of cases) {
    for (const t of handling.tasks) if ((scope === null || t.agencyId === scope) && t.from <= day && t.to > day && t.dueOn !== null && t.dueOn < day) n++;
    const o = handling.open;
    if (o && (scope === null || o.agencyId === scope) && o.from <= day && o.dueOn !== null && o.dueOn < day) n++;
  }
  return n;
}
