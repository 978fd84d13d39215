// W10 usage reports 利用情况反馈 (T18, S24, G(二)6, Z20): the holder of a grant on conditional data reports how it uses
// the data as the usage agreement says (T18: 按照数据利用协议的约定，及时反馈数据利用情况; Z20: 定期告知). No article sets
// the schedule, so the agreement's default is profile data: every `W10.report_every_months` months from the day the
// grant was made, and once more when it ends (its last day, or the day it was ended early). Each report is a duty keyed
// by grant and due day; only the latest one due is listed, so a grant found long after it was made opens one report,
// not every period it missed.
import type { Grant, LocalDate } from '../model.ts';
import { addMonths, localDateOf } from '../calendar/local-date.ts';
import { limitOf } from '../workflows/policy-values.ts';
import type { DueDuty, DutyDefinition } from './duty-definition.ts';

/** The profile's limit that holds the months between two usage reports. */
export const REPORT_PERIOD = 'W10.report_every_months';

export interface ReportDue {
  dueOn: LocalDate;
  /** The report at the grant's end (its last day), after which nothing more is due. */
  final: boolean;
}

/**
 * The latest report of the grant due on or before `today`, or null before the first. Periodic reports fall every
 * `months` from `grantedOn` while the grant runs; the final one on its last day.
 */
export function reportDue(grant: Pick<Grant, 'expiresOn'>, grantedOn: LocalDate, months: number, today: LocalDate): ReportDue | null {
  if (today >= grant.expiresOn) return { dueOn: grant.expiresOn, final: true };
  let latest: LocalDate | null = null;
  for (let k = 1; ; k++) {
    const due = addMonths(grantedOn, k * months);
    if (due > today || due >= grant.expiresOn) break;
    latest = due;
  }
  return latest === null ? null : { dueOn: latest, final: false };
}

/** W10's duty: one report per grant and due day, for the grant's holder. */
export const USAGE_REPORT_DUTY: DutyDefinition = {
  id: 'W10',
  workflow: 'W10',
  due({ grants, timeZone, today, profile }): DueDuty[] {
    const months = limitOf(profile, REPORT_PERIOD);
    const due: DueDuty[] = [];
    for (const grant of grants) {
      // T18 binds the users the data is opened to (利用主体) by their agreement; data shared between government bodies
      // owes no usage report (Z17 binds its use to the stated duty instead).
      if (grant.kind !== 'open') continue;
      const report = reportDue(grant, localDateOf(grant.grantedAt, timeZone), months, today);
      if (report === null) continue;
      due.push({
        key: `W10:${grant.id}:${report.dueOn}`,
        workflow: 'W10',
        datasetId: grant.datasetId,
        opensOn: report.dueOn,
        applicantId: grant.userId,
        input: { grant: grant.id, holder: grant.userId, expiresOn: grant.expiresOn, period: report.dueOn, final: report.final ? 'yes' : 'no' },
      });
    }
    return due;
  },
};
