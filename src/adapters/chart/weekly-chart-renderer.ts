// The weekly report's picture on the server, with no browser and no system font: ECharts' server-side renderer
// writes the SVG, resvg rasterises it to PNG with the font from npm (see chart-font.ts).
import { existsSync } from 'node:fs';
import { renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { BarChart, LineChart } from 'echarts/charts';
import { GraphicComponent, GridComponent, TitleComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartRenderer, WeeklyChart } from '../../application/ports/chart.ts';
import { CHART_FONT_FAMILY, DEFAULT_FONT_FILES } from './chart-font.ts';
import { LAYOUT_HEIGHT, LAYOUT_WIDTH, weeklyChartOption } from './weekly-chart-option.ts';

// Only what this chart draws, registered once for the process.
use([BarChart, LineChart, GraphicComponent, GridComponent, TitleComponent, SVGRenderer]);

/**
 * 1.5 device pixels per layout pixel: a phone shows the picture about 400 CSS px wide and its users zoom in, so the
 * text stays sharp when zoomed; the PNG of flat colours stays near 100 KB, well under the 200 KB budget.
 */
const SCALE = 1.5;
/** The PNG's size in pixels. */
export const WEEKLY_CHART_WIDTH = LAYOUT_WIDTH * SCALE;
export const WEEKLY_CHART_HEIGHT = LAYOUT_HEIGHT * SCALE;

export { CHART_FONT_FAMILY, DEFAULT_FONT_FILES };

/** The chart as SVG text, in layout pixels. Exported for tests, which rasterise it themselves. */
export function renderWeeklySvg(chart: WeeklyChart): string {
  const echart = init(null, null, { renderer: 'svg', ssr: true, width: LAYOUT_WIDTH, height: LAYOUT_HEIGHT });
  try {
    echart.setOption(weeklyChartOption(chart));
    return echart.renderToSVGString();
  } finally {
    echart.dispose();
  }
}

/** resvg's options for these font files; `[]` means no font at all, so text draws nothing (what the tests compare with). */
export function resvgOptions(fontFiles: readonly string[]): ResvgRenderOptions {
  return {
    fitTo: { mode: 'width', value: WEEKLY_CHART_WIDTH },
    background: '#ffffff',
    font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  };
}

export function createWeeklyChartRenderer(options: { fontFiles?: readonly string[] } = {}): ChartRenderer {
  const fontFiles = options.fontFiles ?? DEFAULT_FONT_FILES;
  // resvg skips a font file it cannot open without a word and draws the text as nothing: fail here, loudly, instead.
  const missing = fontFiles.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`chart font file not found: ${missing.join(', ')}`);
  // Built once. resvg-js on node takes font paths only (fontBuffers is its wasm build's), so each picture loads the
  // font anew and shapes its ~60 labels with it: ~0.4 s of CPU, fine for a few dozen pictures a week, and renderAsync
  // does it on libuv's thread pool, off the event loop the chat adapters answer on.
  const rasterOptions = resvgOptions(fontFiles);
  return {
    async renderWeekly(chart) {
      const image = await renderAsync(renderWeeklySvg(chart), rasterOptions);
      return new Uint8Array(image.asPng());
    },
  };
}
