// The figures as a table: one shape for the text listing, CSV and the workbook, so every output has the same columns
// in the same order.
import type { HandlingFigures, HandlingStatistics, StatsGrouping } from '../domain/evaluation/handling-statistics.ts';
import type { Translate } from '../i18n/translator.ts';

/** The figure columns, in order; each a key of HandlingFigures and how a workbook formats it. */
export const STATS_COLUMNS = [
  { key: 'closed', format: '0' },
  { key: 'onTime', format: '0' },
  { key: 'onTimeRate', format: '0.0%' },
  { key: 'overdueNow', format: '0' },
  { key: 'medianDays', format: '0.0' },
  { key: 'p90Days', format: '0.0' },
  { key: 'escalations', format: '0' },
  { key: 'returns', format: '0' },
  { key: 'returnsPerCase', format: '0.00' },
] as const satisfies ReadonlyArray<{ key: keyof HandlingFigures; format: string }>;

export interface StatsTableRow {
  /** The agency's or workflow's id; null for the total. */
  key: string | null;
  name: string;
  figures: HandlingFigures;
}

export interface StatsTable {
  by: StatsGrouping;
  header: string[];
  rows: StatsTableRow[];
}

export function statsTable(stats: HandlingStatistics, by: StatsGrouping, names: ReadonlyMap<string, string>, t: Translate): StatsTable {
  return {
    by,
    header: [t(`cli.stats.column.${by}`), t('cli.stats.column.id'), ...STATS_COLUMNS.map((c) => t(`cli.stats.column.${c.key}`))],
    rows: [
      ...stats.rows.map((r) => ({ key: r.key, name: names.get(r.key) ?? r.key, figures: r.figures })),
      { key: null, name: t('cli.stats.total'), figures: stats.total },
    ],
  };
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Rates and averages as plain decimals (0.75, not 75%): a CSV is for the next program. Empty where nothing to measure. */
export function statsCsv(table: StatsTable): string {
  const lines = [table.header.map(csvField).join(',')];
  for (const r of table.rows)
    lines.push([r.name, r.key ?? '', ...STATS_COLUMNS.map((c) => numberField(r.figures[c.key]))].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function numberField(n: number | null): string {
  return n === null ? '' : String(Number(n.toFixed(4)));
}
