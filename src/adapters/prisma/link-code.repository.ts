import type { ChatAccount, LinkCode, LinkCodeRepository, NewLinkCode, RedeemResult } from '../../application/ports/chat.ts';
import { redeemRefusal } from '../store-rules.ts';
import type { LinkCode as LinkCodeRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { chatPlatformSchema, parseColumn } from './row-schemas.ts';

function toLinkCode(row: LinkCodeRow): LinkCode {
  const usedBy =
    row.usedPlatform === null || row.usedExternalId === null
      ? null
      : { platform: parseColumn(chatPlatformSchema, row.usedPlatform, `link code ${row.code}.usedPlatform`), externalId: row.usedExternalId };
  return { code: row.code, userId: row.userId, expiresAt: row.expiresAt, createdAt: row.createdAt, usedAt: row.usedAt, usedBy };
}

export function createLinkCodeRepository(session: PrismaSession): LinkCodeRepository {
  return {
    create: (code: NewLinkCode) =>
      session.write('linkCodes.create', async (db) => {
        const row = await db.linkCode.create({
          data: { code: code.code, userId: code.userId, expiresAt: code.expiresAt, createdAt: code.createdAt },
        });
        return toLinkCode(row);
      }),

    get: (code: string) =>
      session.read('linkCodes.get', async (db) => {
        const row = await db.linkCode.findUnique({ where: { code } });
        return row === null ? null : toLinkCode(row);
      }),

    // One conditional UPDATE claims the code: of two redeemers only one can match `usedAt: null`, whatever the
    // database's locking. Only when it matches nothing is the row read, to say why.
    redeem: (code: string, at: Date, by: ChatAccount) =>
      session.write('linkCodes.redeem', async (db): Promise<RedeemResult> => {
        const { count } = await db.linkCode.updateMany({
          where: { code, usedAt: null, expiresAt: { gt: at } },
          data: { usedAt: at, usedPlatform: by.platform, usedExternalId: by.externalId },
        });
        const row = await db.linkCode.findUnique({ where: { code } });
        if (count === 1 && row !== null) return { ok: true, userId: row.userId };
        return redeemRefusal(row === null ? null : toLinkCode(row), at);
      }),
  };
}
