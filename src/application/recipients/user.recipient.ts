import type { RecipientResolver } from './recipient-resolver.ts';

/** One person, as named. */
export const userRecipient: RecipientResolver<'user'> = async (to) => [{ userId: to.userId, why: {} }];
