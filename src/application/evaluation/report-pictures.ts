// The picture a message carries, drawn when it is sent (any process may send it), in its reader's language: the
// weekly report's chart from the data its message keeps. Every platform's sender asks here; none draws by itself.
import type { Locale } from '../../domain/model.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { ChartRenderer } from '../ports/chart.ts';
import type { OutboxMessage } from '../ports/delivery.ts';
import { weeklyChartDataSchema } from './weekly-report.ts';
import { localizedChart, WEEKLY_REPORT_MESSAGE } from './weekly-report-text.ts';

export interface Picture {
  /** e.g. `kaifang-2026-W48.png`. */
  filename: string;
  png: Uint8Array;
}

export interface ReportPictures {
  /** The message's picture, or null when it has none. */
  of(message: Pick<OutboxMessage, 'message' | 'params'>, locale: Locale): Promise<Picture | null>;
}

/** `renderer` is loaded on the first picture: a process that never sends one never loads the charting libraries. */
export function createReportPictures(deps: { renderer: () => Promise<ChartRenderer>; translator: Translator }): ReportPictures {
  let loaded: Promise<ChartRenderer> | null = null;
  return {
    async of(message, locale) {
      if (message.message !== WEEKLY_REPORT_MESSAGE || typeof message.params.chart !== 'string') return null;
      const data = weeklyChartDataSchema.parse(JSON.parse(message.params.chart));
      loaded ??= deps.renderer();
      const png = await (await loaded).renderWeekly(localizedChart(deps.translator.for(locale), data));
      return { filename: `kaifang-${data.week}.png`, png };
    },
  };
}
