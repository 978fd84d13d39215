// Every recipient kind and its resolver; a kind added to `Recipient` without one here fails `npm run typecheck`.
import type { Recipient, RecipientKind } from '../../domain/effects/effect.ts';
import { agencyRecipient } from './agency.recipient.ts';
import { datasetAudienceRecipient } from './dataset-audience.recipient.ts';
import type { RecipientContext, RecipientResolver, ResolvedRecipient } from './recipient-resolver.ts';
import { userRecipient } from './user.recipient.ts';
import { followersRecipient } from './followers.recipient.ts';

export type RecipientResolvers = { readonly [K in RecipientKind]: RecipientResolver<K> };

export const RECIPIENT_RESOLVERS = {
  user: userRecipient,
  agency: agencyRecipient,
  datasetAudience: datasetAudienceRecipient,
  followers: followersRecipient,
} as const satisfies RecipientResolvers;

export function resolveRecipients(to: Recipient, ctx: RecipientContext): Promise<ResolvedRecipient[]> {
  return (RECIPIENT_RESOLVERS[to.kind] as RecipientResolver<typeof to.kind>)(to as never, ctx);
}
