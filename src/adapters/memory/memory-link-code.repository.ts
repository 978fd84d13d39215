import type { ChatAccount, LinkCode, LinkCodeRepository, NewLinkCode, RedeemResult } from '../../application/ports/chat.ts';
import { storeError } from '../store-errors.ts';
import { isRedeemable, redeemRefusal } from '../store-rules.ts';
import type { MemorySession } from './memory-state.ts';

function copyLinkCode(c: LinkCode): LinkCode {
  return {
    code: c.code,
    userId: c.userId,
    expiresAt: new Date(c.expiresAt),
    createdAt: new Date(c.createdAt),
    usedAt: c.usedAt === null ? null : new Date(c.usedAt),
    usedBy: c.usedBy === null ? null : { platform: c.usedBy.platform, externalId: c.usedBy.externalId },
  };
}

export function createMemoryLinkCodeRepository(session: MemorySession): LinkCodeRepository {
  return {
    create: (code: NewLinkCode) =>
      session.run((state) => {
        // The SQL store's primary key refuses a duplicate as a failed statement.
        if (state.linkCodes.has(code.code)) throw storeError('STORE_UNAVAILABLE', `The database failed during linkCodes.create: link code ${code.code} exists.`);
        const created: LinkCode = { ...code, usedAt: null, usedBy: null };
        state.linkCodes.set(code.code, copyLinkCode(created));
        return copyLinkCode(created);
      }),

    get: (code: string) =>
      session.run((state) => {
        const found = state.linkCodes.get(code);
        return found === undefined ? null : copyLinkCode(found);
      }),

    // Synchronous inside one session call: nobody can redeem in between the check and the write.
    redeem: (code: string, at: Date, by: ChatAccount) =>
      session.run((state): RedeemResult => {
        const found = state.linkCodes.get(code);
        if (found === undefined || !isRedeemable(found, at)) return redeemRefusal(found ?? null, at);
        state.linkCodes.set(code, { ...found, usedAt: new Date(at), usedBy: { platform: by.platform, externalId: by.externalId } });
        return { ok: true, userId: found.userId };
      }),
  };
}
