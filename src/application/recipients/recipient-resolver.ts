// Who a notify effect reaches: one resolver per recipient kind, in a map typed so that a new kind without a resolver
// fails the type-check (RECIPIENT_RESOLVERS in recipient-resolvers.ts).
import type { Params } from '../../domain/errors.ts';
import type { Recipient, RecipientKind } from '../../domain/effects/effect.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Repositories } from '../ports/store.ts';

export interface ResolvedRecipient {
  userId: string;
  /** Why this person gets the message (`why`: a locale key) and its parameters; merged into the message's params. */
  why: Params;
}

export interface RecipientContext {
  repos: Repositories;
  /** The case as just written. */
  caseRec: CaseRecord;
  at: Date;
  timeZone: string;
}

export type RecipientResolver<K extends RecipientKind> = (to: Extract<Recipient, { kind: K }>, ctx: RecipientContext) => Promise<ResolvedRecipient[]>;
