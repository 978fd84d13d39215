// Expected refusals are values, not exceptions. Each code has a message in locales/ under `errors.<CODE>`.

export const DOMAIN_ERROR_CODES = [
  'NOT_FOUND',
  'NOT_YOURS',
  'FORBIDDEN_ROLE',
  'NOT_YOUR_TASK',
  'NOT_VERIFIED',
  'DISHONEST',
  'INVALID_TRANSITION',
  'ALREADY_DECIDED',
  'REASONS_REQUIRED',
  'LEGAL_BASIS_REQUIRED',
  'EXTENSION_LIMIT',
  'EXTENSION_PENDING',
  'DATASET_NOT_CONDITIONAL',
  'DATASET_NOT_PUBLISHED',
  'ALREADY_GRANTED',
  'PERIOD_IN_PAST',
  'PERIOD_TOO_LONG',
  'COMMITMENT_REQUIRED',
  'CONDITIONS_REQUIRED',
  'SHARING_CONDITIONS_REQUIRED',
  'SHARING_BASIS_REQUIRED',
  'INVALID_INPUT',
  'NOT_OPEN',
  'NOT_IN_SCOPE',
  'REASSIGN_TARGET',
  'ALREADY_ASSIGNED',
  'ALREADY_NUDGED',
  'DELEGATE_TARGET',
  'DELEGATE_RANGE',
  'NO_DELEGATION',
  'ASSIGNED_TO_OTHER',
  'USER_UNKNOWN',
  'PLATFORM_NOT_A_PERSON',
  'LINK_CODE_UNKNOWN',
  'LINK_CODE_USED',
  'LINK_CODE_EXPIRED',
  'LINK_LOCKED',
  'CONDITIONS_NOT_MET',
  'REFUSAL_REASON_REQUIRED',
  'NARROWING_BY_PROVIDER',
  'PERIOD_NOT_NARROWER',
  'FEEDBACK_REQUIRED',
  'DISMISSAL_REASON_REQUIRED',
  'CONSULTATION_REQUIRED',
  'SECURITY_REVIEW_REQUIRED',
  'NON_DISCRIMINATION_REQUIRED',
  'OWN_TASK',
  'ATTRIBUTE_UNCHANGED',
  'DOWNGRADE_GROUNDS_REQUIRED',
  'DOWNGRADE_BASIS_REQUIRED',
  'ATTRIBUTE_REASON_REQUIRED',
  'ENABLER_REQUIRED',
  'DATASET_CLOSED',
  'CATALOG_CHANGE_REQUIRED',
  'CATALOG_DELETE_ALONE',
  'CATALOG_CONDITIONS_NOT_CONDITIONAL',
  'CATALOG_CHANGE_BY_PROVIDER',
  'CHANGE_DATE_IN_FUTURE',
  'UPDATE_DATE_OUT_OF_RANGE',
  'UPDATE_ALREADY_RECORDED',
  'GRANT_ENDED',
  'GRANT_SHARED',
  'SHARE_OWN_DATA',
  'ALREADY_SHARED',
  'SHARE_COMMITMENT_REQUIRED',
  'SHARING_UNCHANGED',
  'SHARING_REASON_REQUIRED',
  'PLAN_BY_PLATFORM',
  'AGENCY_UNKNOWN',
  'CATALOG_TRIGGER_BY_AUTHORITY',
  'CATALOG_TRIGGER_NOT_PROVIDER',
  'CATALOG_TRIGGER_NO_DATA',
  'CATALOG_CHANGE_BY_AGENCY',
  'CATALOG_DATASET_REQUIRED',
  'CATALOG_DATASET_UNKNOWN',
  'CATALOG_DATASET_OTHER_AGENCY',
  'CATALOG_DATASET_FIXED',
  'RESULT_NOT_VERIFIED',
  'RESULT_SOURCE_NOT_OPEN',
  'RESULT_OBTAINED_IN_FUTURE',
  'RESULT_DECLARATION_REQUIRED',
  'RESULT_URL_INVALID',
  'RESULT_REFUSAL_REASON_REQUIRED',
  'DEMAND_NOT_VERIFIED',
  'REFUSAL_REASONS_REQUIRED',
  'AGENCY_REQUIRED',
  'AGENCY_IS_AUTHORITY',
  'AGENCY_BY_AUTHORITY',
  'DEMAND_OPENS_BY_PUBLICATION',
  'DEMAND_UNKNOWN',
  'DEMAND_NOT_OPENING',
  'NOT_FOLLOWABLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export type Params = Record<string, string | number>;

export interface DomainError {
  ok: false;
  error: DomainErrorCode;
  params?: Params;
  /** The field of the form just filled that the refusal is about: a chat with forms shows it next to that field. */
  field?: string;
}

export function fail(error: DomainErrorCode, params?: Params, field?: string): DomainError {
  const e: DomainError = params ? { ok: false, error, params } : { ok: false, error };
  if (field !== undefined) e.field = field;
  return e;
}

/** A failure that is not the user's doing (a broken database, a bad deployment): thrown, logged once at the adapter boundary. */
export class KaifangError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KaifangError';
  }
}
