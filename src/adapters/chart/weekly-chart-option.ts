// What the weekly picture looks like, as an ECharts option: the layout lives here, the drawing in the renderer.
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GraphicComponentOption, GridComponentOption, TitleComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { WeeklyChart } from '../../application/ports/chart.ts';
import { CHART_FONT_FAMILY } from './chart-font.ts';

export type WeeklyChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | TitleComponentOption | GridComponentOption | GraphicComponentOption
>;

/** The layout's size in CSS pixels; the renderer scales it up for the PNG. */
export const LAYOUT_WIDTH = 900;
export const LAYOUT_HEIGHT = 1000;

/** Top and height of each panel's plot area, in layout pixels: the noData text is centred in it. */
export const BARS = { top: 136, height: 364 } as const;
export const LINE = { top: 620, height: 320 } as const;
/** The band above the bar panel's title holds the chart's title and nothing else. */
export const TITLE_BAND_HEIGHT = 80;
/** Agency names get this much room left of the bars (11 CJK characters at 18 px, e.g. 市人力资源和社会保障局);
 * longer ones are cut with an ellipsis rather than squeezed. */
export const NAME_WIDTH = 200;

const INK = '#1f2329';
const MUTED = '#6b7280';
const BAR = '#2f6fd6';
const LINE_COLOR = '#d64a2f';

/** Whole percent, except that a rate short of 1 never reads 100% and one above 0 never reads 0%. */
export function percent(rate: number): string {
  const whole = Math.round(rate * 100);
  const honest = rate < 1 && whole === 100 ? 99 : rate > 0 && whole === 0 ? 1 : whole;
  return `${honest}%`;
}

function panelTitle(text: string, top: number): TitleComponentOption {
  return { text, left: 28, top, textStyle: { fontSize: 22, fontWeight: 'normal', color: INK } };
}

function noDataText(text: string, panel: { top: number; height: number }): GraphicComponentOption {
  return {
    type: 'text',
    left: 'center',
    top: panel.top + panel.height / 2 - 14,
    style: { text, fontSize: 26, fontFamily: CHART_FONT_FAMILY, fill: MUTED },
  };
}

function barSeries(chart: WeeklyChart): BarSeriesOption {
  return {
    type: 'bar',
    xAxisIndex: 0,
    yAxisIndex: 0,
    barMaxWidth: 30,
    itemStyle: { color: BAR, borderRadius: [0, 3, 3, 0] },
    label: { show: true, position: 'right', fontSize: 18, color: INK },
    // A null rate (no case closed) has no bar; its label says so instead of a misleading 0%.
    data: chart.agencies.map(({ onTimeRate }) =>
      onTimeRate === null
        ? { value: 0, label: { formatter: chart.noData, color: MUTED } }
        : { value: onTimeRate * 100, label: { formatter: percent(onTimeRate) } },
    ),
  };
}

function lineSeries(chart: WeeklyChart): LineSeriesOption {
  return {
    type: 'line',
    xAxisIndex: 1,
    yAxisIndex: 1,
    symbol: 'circle',
    symbolSize: 9,
    lineStyle: { width: 3, color: LINE_COLOR },
    itemStyle: { color: LINE_COLOR },
    label: { show: true, position: 'top', fontSize: 18, color: INK },
    data: chart.weeks.map((w) => w.overdue),
  };
}

export function weeklyChartOption(chart: WeeklyChart): WeeklyChartOption {
  const axisLabel = { fontSize: 17, color: MUTED };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: INK },
    title: [
      { text: chart.title, left: 'center', top: 22, textStyle: { fontSize: 30, fontWeight: 'normal', color: INK } },
      panelTitle(chart.barsTitle, 88),
      panelTitle(chart.lineTitle, 566),
    ],
    // Fixed margins ('none'): the layout must not shift from week to week with the length of the names.
    grid: [
      { left: NAME_WIDTH + 24, right: 96, ...BARS, outerBoundsMode: 'none' },
      { left: 72, right: 44, ...LINE, outerBoundsMode: 'none' },
    ],
    xAxis: [
      { gridIndex: 0, type: 'value', min: 0, max: 100, interval: 25, axisLabel: { ...axisLabel, formatter: '{value}%' } },
      // Points centred in their week's band, so the first value label clears the y axis' labels.
      { gridIndex: 1, type: 'category', boundaryGap: true, data: chart.weeks.map((w) => w.label), axisLabel },
    ],
    yAxis: [
      {
        gridIndex: 0,
        type: 'category',
        inverse: true, // the first agency on top, as in the text of the report
        data: chart.agencies.map((a) => a.name),
        axisTick: { show: false },
        axisLabel: { fontSize: 18, color: INK, width: NAME_WIDTH, overflow: 'truncate', ellipsis: '…' },
      },
      { gridIndex: 1, type: 'value', min: 0, minInterval: 1, axisLabel },
    ],
    series: [barSeries(chart), lineSeries(chart)],
    // A week with 0 overdue tasks is news worth a line, so only a panel with no rows at all says noData.
    graphic: [
      ...(chart.agencies.length === 0 ? [noDataText(chart.noData, BARS)] : []),
      ...(chart.weeks.length === 0 ? [noDataText(chart.noData, LINE)] : []),
    ],
  };
}
