/** The weekly report's picture: strings come already translated; the renderer only draws. */
export interface WeeklyChart {
  title: string; // e.g. "按时办结率 · 2026-W48" / "On-time rate · 2026-W48"
  barsTitle: string; // title of the bar panel, e.g. "各单位按时办结率" / "On-time rate by agency"
  lineTitle: string; // title of the line panel, e.g. "近12周超期任务" / "Overdue tasks, last 12 weeks"
  noData: string; // drawn in a panel that has nothing to show (e.g. "无数据" / "No data")
  /** One bar per agency, rate 0..1, null = no case closed (drawn as no bar, labelled with noData or "—"). At most ~12. */
  agencies: ReadonlyArray<{ name: string; onTimeRate: number | null }>;
  /** Oldest first, usually 12 weeks; label like "W37". */
  weeks: ReadonlyArray<{ label: string; overdue: number }>;
}

export interface ChartRenderer {
  /** A PNG image. */
  renderWeekly(chart: WeeklyChart): Promise<Uint8Array>;
}
