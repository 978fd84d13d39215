// W2R re-assessment 定期评估 (S8, G(一)5): every conditional and closed dataset on the catalog is re-assessed a period
// (the profile's months) after its open attribute was last set or re-assessed — its publication, an attribute change
// applied for or made (W2), a re-assessment that kept it (W2R). Each of those moves the day, and with it the duty's key,
// so a re-assessment closed by an application to change the attribute is not opened again for the same period.
import type { Dataset, LocalDate } from '../model.ts';
import { addMonths } from '../calendar/local-date.ts';
import { limitOf } from '../workflows/policy-values.ts';
import type { DueDuty, DutyDefinition } from './duty-definition.ts';

/** The profile's limit that holds the months between re-assessments. */
export const REASSESSMENT_PERIOD = 'W2R.period_months';

/**
 * The day the dataset's next re-assessment falls due, or null when none does: not on the catalog, open to all
 * (unconditional data has nothing left to open), or no date known.
 */
export function reassessmentDue(ds: Pick<Dataset, 'status' | 'attribute' | 'attributeAssessedOn'>, months: number): LocalDate | null {
  if (ds.status !== 'published' || ds.attribute === 'unconditional' || ds.attributeAssessedOn === null) return null;
  return addMonths(ds.attributeAssessedOn, months);
}

/** W2R's duty: one case per dataset and due day. */
export const REASSESSMENT_DUTY: DutyDefinition = {
  id: 'W2R',
  workflow: 'W2R',
  due({ datasets, today, profile }): DueDuty[] {
    const due: DueDuty[] = [];
    for (const ds of [...datasets].sort((a, b) => a.code.localeCompare(b.code))) {
      const opensOn = reassessmentDue(ds, limitOf(profile, REASSESSMENT_PERIOD));
      if (opensOn !== null && opensOn <= today) due.push({ key: `W2R:${ds.code}:${opensOn}`, workflow: 'W2R', datasetId: ds.id, opensOn });
    }
    return due;
  },
};
