// The weekly report in its reader's language: the message's params (the text's parts are worded when it is queued,
// for its recipient) and the picture's strings (worded when it is drawn).
import type { Params } from '../../domain/errors.ts';
import type { Translate } from '../../i18n/translator.ts';
import { workflowName } from '../commands/render.ts';
import type { WeeklyChart } from '../ports/chart.ts';
import { percentText } from './stats-text.ts';
import type { WeeklyChartData, WeeklyReport } from './weekly-report.ts';

export const WEEKLY_REPORT_MESSAGE = 'notify.weeklyReport';
const PARTS = 'notify.weeklyReportParts';

function trendText(t: Translate, r: WeeklyReport): string {
  if (r.rate === null || r.previousRate === null) return t(`${PARTS}.trendNone`);
  const points = Number(((r.rate - r.previousRate) * 100).toFixed(1));
  if (points === 0) return t(`${PARTS}.trendSame`);
  return t(points > 0 ? `${PARTS}.trendUp` : `${PARTS}.trendDown`, { points: Math.abs(points) });
}

/** The outbox message's params for one reader: `chart` keeps the picture's data, drawn when it is sent. */
export function weeklyReportParams(t: Translate, r: WeeklyReport, scopeName: string): Params {
  const longest =
    r.longest.length === 0
      ? t(`${PARTS}.longestNone`)
      : [
          t(`${PARTS}.longestHeader`),
          ...r.longest.map((l) =>
            t(`${PARTS}.longestLine`, {
              caseId: l.caseId,
              workflowName: workflowName(t, l.workflow),
              agency: l.agency,
              person: l.person ? t(`${PARTS}.longestPerson`, { person: l.person }) : '',
              dueOn: l.dueOn,
              days: l.days,
            }),
          ),
        ].join('\n');
  return {
    week: r.week,
    from: r.from,
    to: r.to,
    scope: scopeName,
    rate: percentText(r.rate),
    trend: trendText(t, r),
    closed: r.closed,
    onTime: r.onTime,
    overdue: r.overdueNow,
    longest,
    chart: JSON.stringify(r.chart),
  };
}

/** The picture's strings in the reader's language; a workflow bar is named by its workflow. */
export function localizedChart(t: Translate, data: WeeklyChartData): WeeklyChart {
  return {
    title: t(`${PARTS}.chartTitle`, { week: data.week }),
    barsTitle: t(data.by === 'agency' ? `${PARTS}.chartBars` : `${PARTS}.chartBarsWorkflow`),
    lineTitle: t(`${PARTS}.chartLine`),
    noData: t(`${PARTS}.chartNoData`),
    agencies: data.bars.map((b) => ({ name: data.by === 'agency' ? b.name : workflowName(t, b.key), onTimeRate: b.rate })),
    weeks: data.line.map((w) => ({ label: w.label, overdue: w.overdue })),
  };
}
