// `stats --xlsx <file>`: the evaluation offices work in Excel. A real workbook (exceljs): one sheet per grouping with a
// header row, frozen, numbers as numbers with their formats (a rate as 0.0%, days to one decimal), and a sheet that
// says what period and what the columns mean.
import ExcelJS from 'exceljs';
import { STATS_COLUMNS, type StatsTable } from './stats-table.ts';

export interface WorkbookAbout {
  /** Label / value lines of the explanatory sheet (period, scope, generated at, definitions). */
  lines: ReadonlyArray<[string, string]>;
  aboutSheet: string;
  sheetNames: Readonly<Record<StatsTable['by'], string>>;
}

export async function writeStatsWorkbook(file: string, tables: readonly StatsTable[], about: WorkbookAbout): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'kaifang';
  for (const table of tables) {
    const sheet = book.addWorksheet(about.sheetNames[table.by], { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.header.map((h, i) => ({
      header: h,
      width: i === 0 ? 28 : i === 1 ? 12 : Math.max(10, h.length + 4),
      ...(i >= 2 ? { style: { numFmt: STATS_COLUMNS[i - 2]!.format } } : {}),
    }));
    sheet.getRow(1).font = { bold: true };
    for (const r of table.rows) {
      const row = sheet.addRow([r.name, r.key ?? '', ...STATS_COLUMNS.map((c) => r.figures[c.key])]);
      if (r.key === null) row.font = { bold: true };
    }
  }
  const info = book.addWorksheet(about.aboutSheet);
  info.columns = [{ width: 24 }, { width: 100 }];
  for (const line of about.lines) info.addRow([...line]);
  await book.xlsx.writeFile(file);
}
