// A duty: a case the platform opens by itself when it falls due, once per subject and period (W13: a dataset's update
// when its frequency says one is due; W2R: the re-assessment of its open attribute when its period is up). A definition is pure: given the catalog and a day it lists what is due then;
// the application's opener claims each key once, in the same transaction that opens its case.
import type { Agency, Dataset, Grant, LocalDate } from '../model.ts';
import type { PolicyProfile } from '../policy/policy-profile.ts';

export interface DutyInput {
  datasets: readonly Dataset[];
  /** The city's own bodies (W12: each provider files its annual plan, the authority publishes the city's). */
  agencies: readonly Agency[];
  /** Every grant, in force or ended (W10: the usage reports each owes, the last at its end). */
  grants: readonly Grant[];
  /** The platform's time zone: the day a grant was made in it. */
  timeZone: string;
  /** The day, in the platform's time zone. */
  today: LocalDate;
  /** The city's periods (W2R: the months between re-assessments). */
  profile: PolicyProfile;
}

export interface DueDuty {
  /** Duty id, subject and period, e.g. `W13:DS-0001:2026-12-15`: the same key is never opened twice. */
  key: string;
  /** The workflow whose case the duty opens. */
  workflow: string;
  /** The dataset the case is about; null when it is about an agency as a whole (`agencyId`: W12's plan). */
  datasetId: string | null;
  /** The agency a case about no dataset is about (W12: whose plan it is). */
  agencyId?: string;
  /** The day the duty fell due (on or before the day asked). */
  opensOn: LocalDate;
  /** The person the case is for, when it is not the platform's own (W10: the grant holder who owes the report). */
  applicantId?: string;
  /** What the case opens with (W10: which grant, which period); none: the workflow reads all it needs from the dataset. */
  input?: Readonly<Record<string, string>>;
}

export interface DutyDefinition {
  id: string;
  workflow: string;
  /** Every duty due on `today` or earlier, in a stable order. */
  due(input: DutyInput): DueDuty[];
}
