// Effects are data: a workflow says what must happen, the application carries it out in the same
// transaction as the state change. Every kind has exactly one handler in src/application/effects/ (a map typed so that
// a kind without a handler fails the type-check), and every recipient kind one resolver in src/application/recipients/.
import type { Params } from '../errors.ts';
import type { CatalogEntry, GrantKind, LocalDate, Role } from '../model.ts';

/** Who a message is for. */
export type Recipient =
  /** One person, e.g. the applicant. */
  | { kind: 'user'; userId: string }
  /** Everyone holding `role` at the agency; when it is the case's assignment, the task's owners (delegates included). */
  | { kind: 'agency'; agencyId: string; role: Role }
  /**
   * Everyone who holds a grant on the dataset still in force, or has an application for it still open (T10): a case of
   * any workflow on it, or only of `applicationsOf` (W2 tells the applicants whose applications it ends, not the
   * reporter of an objection it leaves open).
   */
  /**
   * Those waiting on the dataset (pending cases of `applicationsOf`, or of every workflow) and the holders of its grants
   * in force of `grantKind` (open unless said: the users the data is opened to; `share`: the bodies it is shared with).
   */
  | { kind: 'datasetAudience'; datasetId: string; applicationsOf?: readonly string[]; grantKind?: GrantKind }
  /** Everyone who follows the case (`follow C-0001`: a public W6 demand), its applicant excepted (told on their own). */
  | { kind: 'followers'; caseId: string };

export type RecipientKind = Recipient['kind'];

export type Effect =
  | { type: 'notify'; to: Recipient; message: string; params: Params }
  | { type: 'createDataset'; entry: CatalogEntry; providerAgencyId: string }
  | { type: 'updateDataset'; datasetId: string; entry: CatalogEntry }
  | { type: 'publishDataset'; datasetId: string }
  /** Access until `expiresOn`: conditional data opened under an agreement (W5), or data shared for one duty (W11). */
  | { type: 'grantAccess'; datasetId: string; userId: string; expiresOn: LocalDate; agreementRef: string; kind: GrantKind; duty: string | null }
  /** Off the catalog (T10). */
  | { type: 'delistDataset'; datasetId: string }
  /** The open cases of these workflows on the dataset end in the shared `closed` state (their dataset is gone). */
  | { type: 'closeCases'; datasetId: string; workflows: readonly string[]; reason: string }
  /** One grant ends today: its last day in force becomes yesterday (W10: suspended for a breach, S34). */
  | { type: 'endGrant'; grantId: string; reason: string }
  /** Every grant on the dataset still in force ends today (W2: the data is closed, 不予开放). */
  /** Every grant of `kind` (open unless said) on the dataset still in force ends today. */
  | { type: 'endGrants'; datasetId: string; reason: string; kind?: GrantKind }
  /** The provider updated the data on this day (W13, T12): the next update is due from it. */
  | { type: 'recordUpdate'; datasetId: string; on: LocalDate }
  /** The provider re-assessed the open attribute today (W2R keeps it, W2 changes it; S8, G(一)5): the next is due from it. */
  | { type: 'recordAssessment'; datasetId: string; on: LocalDate }
  /**
   * The dataset a W1 entry opened is published: the W6 demand it was filed for (`submit … demand=C-0001`, T16) is met,
   * and its requester and followers are told the dataset's code.
   */
  | { type: 'fulfilDemand'; demandCaseId: string; datasetId: string };

export type EffectType = Effect['type'];
export type EffectOf<K extends EffectType> = Extract<Effect, { type: K }>;
