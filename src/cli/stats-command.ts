// `kaifang stats [--from <date>] [--to <date>] [--by agency|workflow] [--json | --csv | --xlsx <file>]`: the
// evaluation's figures (T22, S37, B40–B41) for every agency, read from the audit trail and the cases. Without dates,
// the year to date; without --by, by agency (the workbook: a sheet for each grouping).
import { isLocalDate, localDateOf } from '../domain/calendar/local-date.ts';
import type { StatsGrouping } from '../domain/evaluation/handling-statistics.ts';
import { rowNames, percentText, decimalText, NOTHING } from '../application/evaluation/stats-text.ts';
import { formatInstant } from '../application/commands/render.ts';
import type { App } from '../main.ts';
import { EXIT, usageError, type CommandIo, type OperatorCommandDeps } from './operator-command.ts';
import { exportJson } from './export-json.ts';
import { parseOptions } from './parse-options.ts';
import { STATS_COLUMNS, statsCsv, statsTable, type StatsTable } from './stats-table.ts';

const GROUPINGS: readonly StatsGrouping[] = ['agency', 'workflow'];

export async function runStatsCommand(args: string[], io: CommandIo, deps: OperatorCommandDeps): Promise<number> {
  const { t, timeZone } = deps;
  const usage = t('cli.stats.usage');
  const parsed = parseOptions(args, { flags: ['--json', '--csv', '--help'], values: ['--from', '--to', '--by', '--xlsx'] });
  if (!parsed.ok) return usageError(io, t, usage, parsed);
  if (parsed.flags.has('--help')) {
    io.out(usage);
    return EXIT.ok;
  }
  if (parsed.positional.length > 0) return usageError(io, t, usage, { error: 'extraArgs', option: parsed.positional.join(' ') });
  const outputs = ['--json', '--csv'].filter((f) => parsed.flags.has(f)).concat(parsed.values.has('--xlsx') ? ['--xlsx'] : []);
  if (outputs.length > 1) {
    io.err(t('cli.stats.oneOutput'));
    return EXIT.usage;
  }
  const by = parsed.values.get('--by');
  if (by !== undefined && !GROUPINGS.includes(by as StatsGrouping)) {
    io.err(t('cli.stats.badBy', { value: by }));
    return EXIT.badValue;
  }
  for (const option of ['--from', '--to']) {
    const value = parsed.values.get(option);
    if (value !== undefined && !isLocalDate(value)) {
      io.err(t('cli.stats.badDate', { option, value }));
      return EXIT.badValue;
    }
  }
  return deps.withApp(async (app) => {
    const now = app.clock.now();
    const today = localDateOf(now, timeZone);
    const from = parsed.values.get('--from') ?? `${(parsed.values.get('--to') ?? today).slice(0, 4)}-01-01`;
    const to = parsed.values.get('--to') ?? today;
    if (from > to) {
      io.err(t('cli.stats.badRange', { from, to }));
      return EXIT.badValue;
    }
    const groupings: StatsGrouping[] = by ? [by as StatsGrouping] : parsed.values.has('--xlsx') ? [...GROUPINGS] : ['agency'];
    const tables: StatsTable[] = [];
    for (const g of groupings) {
      const stats = await app.statistics.compute({ from, to, by: g, scope: null }, today);
      tables.push(statsTable(stats, g, await rowNames(stats, g, app.store, t), t));
    }
    const head = { from, to, today, at: formatInstant(now, timeZone), timeZone };
    if (parsed.flags.has('--json')) {
      const table = tables[0]!;
      io.out(exportJson({ from, to, asOf: today, timeZone, by: table.by, rows: table.rows.filter((r) => r.key !== null).map(jsonRow), total: table.rows.at(-1)!.figures }));
      return EXIT.ok;
    }
    if (parsed.flags.has('--csv')) {
      io.out(statsCsv(tables[0]!).trimEnd());
      return EXIT.ok;
    }
    const xlsx = parsed.values.get('--xlsx');
    if (xlsx !== undefined) return writeWorkbook(app, io, deps, xlsx, tables, head);
    io.out(t('cli.stats.header', head));
    io.out(textTable(tables[0]!));
    io.out(t('cli.stats.note'));
    return EXIT.ok;
  });
}

function jsonRow(r: StatsTable['rows'][number]) {
  return { key: r.key, name: r.name, ...r.figures };
}

async function writeWorkbook(app: App, io: CommandIo, deps: OperatorCommandDeps, file: string, tables: StatsTable[], head: Record<string, string>): Promise<number> {
  const { t } = deps;
  const { writeStatsWorkbook } = await import('./stats-workbook.ts');
  try {
    await writeStatsWorkbook(file, tables, {
      aboutSheet: t('cli.stats.sheet.about'),
      sheetNames: { agency: t('cli.stats.sheet.agency'), workflow: t('cli.stats.sheet.workflow') },
      lines: [
        [t('cli.stats.about.period'), `${head.from} – ${head.to}`],
        [t('cli.stats.about.asOf'), `${head.at} (${head.timeZone})`],
        [t('cli.stats.about.profile'), app.profile.id],
        [t('cli.stats.about.definitions'), t('cli.stats.note')],
      ],
    });
  } catch (e) {
    io.err(t('cli.stats.cannotWrite', { file, reason: e instanceof Error ? e.message : String(e) }));
    return EXIT.refused;
  }
  io.out(t('cli.stats.written', { file, sheets: tables.length }));
  return EXIT.ok;
}

/** Columns padded to their widest cell; CJK characters count two columns wide, as a terminal shows them. */
function textTable(table: StatsTable): string {
  const cells = [
    table.header,
    ...table.rows.map((r) => [
      r.name,
      r.key ?? '',
      ...STATS_COLUMNS.map((c) => {
        const v = r.figures[c.key];
        if (c.key === 'onTimeRate') return percentText(v);
        if (c.format === '0') return v === null ? NOTHING : String(v);
        return decimalText(v, c.key === 'returnsPerCase' ? 2 : 1);
      }),
    ]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => displayWidth(row[i]!))));
  return cells.map((row) => row.map((cell, i) => (i < 2 ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('  ').trimEnd()).join('\n');
}

const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
