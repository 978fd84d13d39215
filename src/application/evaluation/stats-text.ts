// The figures as people read them, in chat, at the CLI and in the weekly report: a rate as a percentage, working days
// to one decimal, "—" where there is nothing to measure.
import type { HandlingFigures, HandlingStatistics, StatsGrouping } from '../../domain/evaluation/handling-statistics.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { Store } from '../ports/store.ts';
import { workflowName } from '../commands/render.ts';

export const NOTHING = '—';

/** 0.75 → 75%, 2/3 → 66.7%; null → —. */
export function percentText(rate: number | null): string {
  if (rate === null) return NOTHING;
  return `${Number((rate * 100).toFixed(1))}%`;
}

/** 2.4000000000000004 → 2.4; null → —. */
export function decimalText(n: number | null, digits = 1): string {
  return n === null ? NOTHING : String(Number(n.toFixed(digits)));
}

/** The message params of one row's figures (commands.statsLine, statsTotal). */
export function figureParams(f: HandlingFigures): Record<string, string | number> {
  return {
    closed: f.closed,
    onTime: f.onTime,
    rate: percentText(f.onTimeRate),
    overdue: f.overdueNow,
    median: decimalText(f.medianDays),
    p90: decimalText(f.p90Days),
    escalations: f.escalations,
    returnsPerCase: decimalText(f.returnsPerCase, 2),
  };
}

/** Whose figures they are, as the reader reads it: every agency, or the one agency's name (its id if unknown). */
export async function scopeName(scope: string | null, store: Pick<Store, 'agencies'>, t: Translate): Promise<string> {
  if (scope === null) return t('commands.statsAll');
  return (await store.agencies.get(scope))?.name ?? scope;
}

/** A row's name: the agency's (its id when the directory no longer has it) or the workflow's in the reader's language. */
export async function rowNames(stats: HandlingStatistics, by: StatsGrouping, store: Pick<Store, 'agencies'>, t: Translate): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (by === 'workflow') for (const r of stats.rows) names.set(r.key, `${r.key} ${workflowName(t, r.key)}`);
  else {
    const agencies = new Map((await store.agencies.list()).map((a) => [a.id, a.name]));
    for (const r of stats.rows) names.set(r.key, agencies.get(r.key) ?? r.key);
  }
  return names;
}
