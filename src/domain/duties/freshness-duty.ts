// W13 data freshness 更新频率 (T12, S16(四)): each dataset is updated as often as its catalog entry says. When an update
// falls due the platform opens a W13 case for the provider (T12: 依托一体化大数据平台，提醒数据更新并严格按照更新频率
// 更新数据). T12 also caps every period at a year (更新时长原则上不得超过一年) except for data archived or no longer
// updated (归档或不再更新的数据), which `archived` stands for; 不定期 (irregular) data is still updated, so it gets the year.
import type { Dataset, LocalDate, UpdateFrequency } from '../model.ts';
import { addDays, addMonths, addYears, daysBetween } from '../calendar/local-date.ts';
import type { DueDuty, DutyDefinition } from './duty-definition.ts';

/**
 * How long after its last update a dataset of each frequency is due again; null: never (T12's exception).
 * Realtime and daily data come from feeds no officer records by hand each day: a case a day per dataset would drown
 * the provider, while a feed a week behind is plainly broken, so they are due after a week, as weekly data is.
 */
export const UPDATE_PERIODS: Readonly<Record<UpdateFrequency, ((last: LocalDate) => LocalDate) | null>> = {
  realtime: (last) => addDays(last, 7),
  daily: (last) => addDays(last, 7),
  weekly: (last) => addDays(last, 7),
  monthly: (last) => addMonths(last, 1),
  quarterly: (last) => addMonths(last, 3),
  yearly: (last) => addYears(last, 1),
  // T12: 不定期 has no period of its own, but nothing goes more than a year without an update.
  irregular: (last) => addYears(last, 1),
  // T12: 归档或不再更新的数据 — exempt.
  archived: null,
};

/**
 * The day the dataset's next update is due, or null when none is: archived, not on the catalog, not open (不予开放:
 * T12 speaks of open data), or no date known.
 */
export function nextUpdateDue(ds: Pick<Dataset, 'status' | 'attribute' | 'updateFrequency' | 'lastUpdatedOn'>): LocalDate | null {
  if (ds.status !== 'published' || ds.attribute === 'closed' || ds.lastUpdatedOn === null) return null;
  const period = UPDATE_PERIODS[ds.updateFrequency];
  if (!period) return null;
  // T12: whatever the frequency says, a year at most.
  const due = period(ds.lastUpdatedOn);
  const cap = addYears(ds.lastUpdatedOn, 1);
  return due < cap ? due : cap;
}

export interface LateDataset {
  dataset: Dataset;
  dueOn: LocalDate;
  /** Calendar days since the update fell due. */
  daysLate: number;
}

/** Datasets whose update was due before `today`, longest late first (then by code). */
export function lateDatasets(datasets: readonly Dataset[], today: LocalDate): LateDataset[] {
  const late: LateDataset[] = [];
  for (const dataset of datasets) {
    const dueOn = nextUpdateDue(dataset);
    if (dueOn !== null && dueOn < today) late.push({ dataset, dueOn, daysLate: daysBetween(dueOn, today) });
  }
  return late.sort((a, b) => b.daysLate - a.daysLate || a.dataset.code.localeCompare(b.dataset.code));
}

/** W13's duty: one case per dataset and due day; a recorded update moves the due day, and with it the key. */
export const FRESHNESS_DUTY: DutyDefinition = {
  id: 'W13',
  workflow: 'W13',
  due({ datasets, today }): DueDuty[] {
    const due: DueDuty[] = [];
    for (const ds of [...datasets].sort((a, b) => a.code.localeCompare(b.code))) {
      const opensOn = nextUpdateDue(ds);
      if (opensOn !== null && opensOn <= today) due.push({ key: `W13:${ds.code}:${opensOn}`, workflow: 'W13', datasetId: ds.id, opensOn });
    }
    return due;
  },
};

