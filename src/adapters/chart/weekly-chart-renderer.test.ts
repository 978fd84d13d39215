import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import type { WeeklyChart } from '../../application/ports/chart.ts';
import { BARS, LAYOUT_WIDTH, NAME_WIDTH, percent, TITLE_BAND_HEIGHT } from './weekly-chart-option.ts';
import {
  createWeeklyChartRenderer,
  DEFAULT_FONT_FILES,
  renderWeeklySvg,
  resvgOptions,
  WEEKLY_CHART_HEIGHT,
  WEEKLY_CHART_WIDTH,
} from './weekly-chart-renderer.ts';

const CHINESE: WeeklyChart = {
  title: '按时办结率', // Chinese only, so the title band holds nothing but CJK glyphs
  barsTitle: '各单位按时办结率',
  lineTitle: '近12周超期任务',
  noData: '无数据',
  agencies: [
    { name: '市大数据局', onTimeRate: 0.92 },
    { name: '市交通运输局', onTimeRate: 0.675 },
    { name: '省市场监督管理局', onTimeRate: null },
    { name: '市规划和自然资源局城市更新与土地整备中心', onTimeRate: 1 },
  ],
  weeks: [3, 5, 2, 0, 7, 12, 9, 4, 4, 1, 0, 6].map((overdue, i) => ({ label: `W${37 + i}`, overdue })),
};

const ENGLISH: WeeklyChart = {
  ...CHINESE,
  title: 'On-time rate · 2026-W48',
  barsTitle: 'On-time rate by agency',
  lineTitle: 'Overdue tasks, last 12 weeks',
  noData: 'No data',
  agencies: [
    { name: 'Big Data Bureau', onTimeRate: 0.92 },
    { name: 'Transport Bureau', onTimeRate: null },
  ],
};

const EMPTY: WeeklyChart = { ...CHINESE, agencies: [], weeks: CHINESE.weeks.map((w) => ({ ...w, overdue: 0 })) };

const SCALE = WEEKLY_CHART_WIDTH / LAYOUT_WIDTH;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The PNG's header, read by hand: signature, then IHDR as the first chunk (length 13). */
function pngHeader(png: Uint8Array) {
  const bytes = Buffer.from(png);
  return {
    signature: [...bytes.subarray(0, 8)],
    firstChunk: { length: bytes.readUInt32BE(8), type: bytes.toString('latin1', 12, 16) },
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    lastChunk: bytes.toString('latin1', bytes.length - 8, bytes.length - 4),
  };
}

/** The same rasterisation as the renderer's, decoded to RGBA so regions can be inspected. */
function raster(chart: WeeklyChart, fontFiles: readonly string[]): Buffer {
  const image = new Resvg(renderWeeklySvg(chart), resvgOptions(fontFiles)).render();
  expect([image.width, image.height]).toEqual([WEEKLY_CHART_WIDTH, WEEKLY_CHART_HEIGHT]);
  return image.pixels;
}

/** A rectangle in layout pixels. */
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const TITLE_BAND: Box = { x: 0, y: 0, width: LAYOUT_WIDTH, height: TITLE_BAND_HEIGHT };
const NAME_COLUMN: Box = { x: 0, y: BARS.top, width: NAME_WIDTH, height: BARS.height };
const BARS_CENTRE: Box = { x: 330, y: BARS.top + BARS.height / 2 - 25, width: 360, height: 50 };

/** Indexes of the box's dark pixels: text is dark grey on white; bars, line and grid lines are colours or light. */
function darkPixels(pixels: Buffer, box: Box): Set<number> {
  const dark = new Set<number>();
  for (let y = Math.floor(box.y * SCALE); y < (box.y + box.height) * SCALE; y++) {
    for (let x = Math.floor(box.x * SCALE); x < (box.x + box.width) * SCALE; x++) {
      const i = (y * WEEKLY_CHART_WIDTH + x) * 4;
      if (pixels[i]! < 160 && pixels[i + 1]! < 160 && pixels[i + 2]! < 160) dark.add(i);
    }
  }
  return dark;
}

function differing(a: Set<number>, b: Set<number>): number {
  return [...a].filter((i) => !b.has(i)).length + [...b].filter((i) => !a.has(i)).length;
}

describe('the weekly chart renderer', () => {
  const renderer = createWeeklyChartRenderer();

  it('renders a PNG of the exported pixel size, well under 200 KB', async () => {
    const png = await renderer.renderWeekly(CHINESE);
    expect(pngHeader(png)).toEqual({
      signature: PNG_SIGNATURE,
      firstChunk: { length: 13, type: 'IHDR' },
      width: WEEKLY_CHART_WIDTH,
      height: WEEKLY_CHART_HEIGHT,
      lastChunk: 'IEND',
    });
    expect(png.byteLength).toBeLessThan(200 * 1024);
  });

  it('draws the Chinese labels with the packaged font’s glyphs; with no font it draws no text at all', () => {
    const withFont = raster(CHINESE, DEFAULT_FONT_FILES);
    const noFont = raster(CHINESE, []);
    for (const box of [TITLE_BAND, NAME_COLUMN]) {
      expect(darkPixels(withFont, box).size).toBeGreaterThan(2000);
      expect(darkPixels(noFont, box).size).toBe(0);
    }
    // Different characters, same count: real glyphs differ where boxes for missing glyphs would be alike.
    const otherTitle = raster({ ...CHINESE, title: '超期任务数' }, DEFAULT_FONT_FILES);
    expect(differing(darkPixels(withFont, TITLE_BAND), darkPixels(otherTitle, TITLE_BAND))).toBeGreaterThan(1500);
  });

  it('gives a different picture when the font is missing', async () => {
    const withFont = Buffer.from(await renderer.renderWeekly(CHINESE));
    const noFont = Buffer.from(await createWeeklyChartRenderer({ fontFiles: [] }).renderWeekly(CHINESE));
    expect(withFont.equals(noFont)).toBe(false);
    expect(noFont.byteLength).toBeLessThan(withFont.byteLength); // no text: less to compress
  });

  it('renders an English chart, which differs from the Chinese one', async () => {
    const english = await renderer.renderWeekly(ENGLISH);
    expect(pngHeader(english)).toMatchObject({ width: WEEKLY_CHART_WIDTH, height: WEEKLY_CHART_HEIGHT });
    expect(Buffer.from(english).equals(Buffer.from(await renderer.renderWeekly(CHINESE)))).toBe(false);
    const titles = [ENGLISH, CHINESE].map((chart) => darkPixels(raster(chart, DEFAULT_FONT_FILES), TITLE_BAND));
    expect(titles[0]!.size).toBeGreaterThan(2000);
    expect(differing(titles[0]!, titles[1]!)).toBeGreaterThan(2000);
  });

  it('renders a chart with nothing to show, saying noData in the bar panel', async () => {
    const png = await renderer.renderWeekly(EMPTY);
    expect(pngHeader(png)).toMatchObject({ width: WEEKLY_CHART_WIDTH, height: WEEKLY_CHART_HEIGHT });
    expect(renderWeeklySvg(EMPTY)).toMatch(/<text[^>]*>无数据<\/text>/);
    expect(darkPixels(raster(EMPTY, DEFAULT_FONT_FILES), BARS_CENTRE).size).toBeGreaterThan(500);
    expect(darkPixels(raster(CHINESE, DEFAULT_FONT_FILES), BARS_CENTRE).size).toBe(0); // bars there, no text
  });

  it('labels an agency with no closed case noData, not 0%', () => {
    const svg = renderWeeklySvg(CHINESE);
    expect(svg).toMatch(/<text[^>]*>无数据<\/text>/);
    expect(svg.match(/>0%</g)).toHaveLength(1); // the axis' own 0%, no bar label
    expect(svg).toMatch(/>92%</);
  });

  it('cuts a long agency name with an ellipsis instead of letting it run into the bars', () => {
    const svg = renderWeeklySvg(CHINESE);
    expect(svg).not.toContain('市规划和自然资源局城市更新与土地整备中心');
    expect(svg).toMatch(/>市规划和自然资源局[^<]*…</);
    expect(svg).toContain('>省市场监督管理局<'); // an ordinary long name fits whole
  });

  it('draws names with markup characters as text (ECharts escapes them)', async () => {
    const chart = { ...CHINESE, agencies: [{ name: 'R&D <办公室>', onTimeRate: 0.5 }] };
    expect(renderWeeklySvg(chart)).toContain('R&amp;D &lt;办公室&gt;');
    expect(pngHeader(await renderer.renderWeekly(chart)).width).toBe(WEEKLY_CHART_WIDTH);
  });

  it('refuses a font file that is not there, rather than drawing the labels as nothing', () => {
    expect(() => createWeeklyChartRenderer({ fontFiles: ['/nonexistent/NotoSansSC.ttf'] })).toThrow(/not found/);
  });
});

describe('percent', () => {
  it('rounds to whole percent but never shows a shortfall as 100% nor a success as 0%', () => {
    expect([1, 0, 0.675, 0.92, 0.996, 0.004].map(percent)).toEqual(['100%', '0%', '68%', '92%', '99%', '1%']);
  });
});
