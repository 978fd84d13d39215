// The chart's only font, from npm rather than the OS: the server and CI may have no Chinese font installed, and
// resvg is told not to look for system fonts at all, so every machine draws the same picture.
//
// Package @expo-google-fonts/noto-sans-sc (its code MIT), file 400Regular/NotoSansSC_400Regular.ttf: Noto Sans SC
// Regular, Copyright 2014-2021 Adobe, SIL Open Font License 1.1 (the package's LICENSE_FONT). A static TrueType
// instance (glyf outlines), which resvg reads; the woff2 files other font packages ship it cannot. The package also
// holds the other eight weights (about 10 MB each): npm installs a package whole, and only this file is ever read.
import { createRequire } from 'node:module';

/** The family name in the TTF's name table (name ID 1); ECharts writes it into the SVG and resvg matches it. */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

const require = createRequire(import.meta.url);

/** Resolved through Node's module resolution, so it follows wherever npm put the package. */
export const DEFAULT_FONT_FILES: readonly string[] = [
  require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
];
