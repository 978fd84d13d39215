// Who is writing from Slack or Telegram. An operator issues a one-time code for a kaifang user
// (`npx kaifang users invite <user>`); the person sends it from their chat account (`/kaifang link <code>`, `/link
// <code>`), which links that account to the user. Platform-neutral: the chat adapters only pass the platform's user id.
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { fail, KaifangError, type DomainError, type DomainErrorCode, type Params } from '../domain/errors.ts';
import { PLATFORM_USER_ID, type Channel, type ChatPlatform, type User } from '../domain/model.ts';
import type { Outcome } from './case-service.ts';
import type { LinkCode, RedeemResult } from './ports/chat.ts';
import type { Store } from './ports/store.ts';

/**
 * Crockford's base32 without 0 and 1: no O/0, I/1/L look-alikes, no U. Codes are read off a screen or a letter and
 * typed on a phone. 30 characters, 8 of them: about 6.6 × 10¹¹ codes, against a handful outstanding at any time.
 */
export const LINK_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const LINK_CODE_LENGTH = 8;
/**
 * Seven days: enough for a code handed over by e-mail or on paper to reach someone who is away over a weekend or a
 * short holiday; short enough that a code which went astray does not stay usable for long.
 */
export const LINK_CODE_VALID_MS = 7 * 24 * 60 * 60 * 1000;
/** A fresh code that is already taken (about one chance in 10¹¹ per outstanding code) is drawn again, a few times. */
const MAX_DRAWS = 5;

const CODE_PATTERN = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);

/** Who did it, for the audit log. */
export interface AuditActor {
  actorId: string;
  channel: Channel;
}

/**
 * Guessing codes from one account: more than `maxFailures` wrong codes within `windowMs` lock that account's attempts
 * for `lockMs`, whatever it types meanwhile. Kept in the store, so every process and every restart sees the same count.
 */
export const LINK_ATTEMPTS = { maxFailures: 5, windowMs: 10 * 60 * 1000, lockMs: 30 * 60 * 1000 };

interface AttemptState {
  /** When each recent wrong code came (ms), oldest first. */
  failures: number[];
  lockedUntil: number | null;
}

const attemptsKey = (platform: ChatPlatform, externalId: string) => `link-attempts:${platform}:${externalId}`;

function readAttempts(raw: string | null): AttemptState {
  if (!raw) return { failures: [], lockedUntil: null };
  try {
    const v = JSON.parse(raw) as Partial<AttemptState>;
    return { failures: Array.isArray(v.failures) ? v.failures.filter((n) => typeof n === 'number') : [], lockedUntil: typeof v.lockedUntil === 'number' ? v.lockedUntil : null };
  } catch {
    return { failures: [], lockedUntil: null };
  }
}

export interface IdentityServiceDeps {
  store: Pick<Store, 'identities' | 'users' | 'settings' | 'transaction'>;
  /** Where refused link attempts are reported for the operator (never with the code typed). */
  log?: (line: string) => void;
  /** A uniform integer in [0, max); crypto-random unless a test pins it. */
  randomInt?: (max: number) => number;
}

const REFUSALS: Record<Extract<RedeemResult, { ok: false }>['reason'], DomainErrorCode> = {
  unknown: 'LINK_CODE_UNKNOWN',
  used: 'LINK_CODE_USED',
  expired: 'LINK_CODE_EXPIRED',
};

/** What people type: any case, spaces or dashes in between (`k7m2-xq9p`). Null when it cannot be a code at all. */
export function normalizeLinkCode(text: string): string | null {
  const code = text.replace(/[\s-]/g, '').toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

/** Rolls the transaction back (the code stays usable) and carries the refusal out of it. */
class Refusal extends Error {
  constructor(readonly outcome: DomainError) {
    super(outcome.error);
  }
}

export function createIdentityService(deps: IdentityServiceDeps) {
  const { store } = deps;
  const randomInt = deps.randomInt ?? ((max: number) => cryptoRandomInt(max));

  function drawCode(): string {
    let code = '';
    for (let i = 0; i < LINK_CODE_LENGTH; i++) code += LINK_CODE_ALPHABET[randomInt(LINK_CODE_ALPHABET.length)];
    return code;
  }

  return {
    /**
     * A fresh one-time code for `userId`, valid for LINK_CODE_VALID_MS. Earlier codes stay valid until used or
     * expired. The code itself is not written to the audit log, which is exported: only who was invited, and until when.
     */
    async invite(userId: string, now: Date, by: AuditActor): Promise<Outcome<LinkCode>> {
      const user = await store.users.get(userId);
      if (!user) return fail('USER_UNKNOWN', { user: userId });
      // The platform opens duties in its own name: a chat account linked to it would act as the platform.
      if (user.id === PLATFORM_USER_ID) return fail('PLATFORM_NOT_A_PERSON', { user: user.id });
      const expiresAt = new Date(now.getTime() + LINK_CODE_VALID_MS);
      const created = await store.transaction(async (repos) => {
        for (let draw = 0; draw < MAX_DRAWS; draw++) {
          const code = drawCode();
          if ((await repos.linkCodes.get(code)) !== null) continue;
          const linkCode = await repos.linkCodes.create({ code, userId: user.id, expiresAt, createdAt: now });
          await repos.audit.append({
            at: now,
            actorId: by.actorId,
            channel: by.channel,
            action: 'identity.invite',
            caseId: null,
            detail: { user: user.id, expiresAt: expiresAt.toISOString() },
          });
          return linkCode;
        }
        throw new KaifangError('LINK_CODE_EXHAUSTED', `${MAX_DRAWS} random link codes in a row were already taken: is the random source broken?`);
      });
      return { ok: true, value: created };
    },

    /**
     * Redeems `code` for the chat account and links the account to the code's user, replacing whatever either was
     * linked to before on that platform. The code, the link and the audit entry land together or not at all.
     */
    async link(platform: ChatPlatform, externalId: string, code: string, now: Date): Promise<Outcome<User>> {
      const normalized = normalizeLinkCode(code);
      const log = deps.log ?? (() => {});
      try {
        return await store.transaction(async (repos): Promise<Outcome<User>> => {
          const key = attemptsKey(platform, externalId);
          const attempts = readAttempts(await repos.settings.get(key));
          const at = now.getTime();
          /** A wrong code, or any code while locked: counted, audited and logged without the code; committed. */
          const refuse = async (reason: 'unknown' | 'used' | 'expired' | 'locked'): Promise<Outcome<User>> => {
            const failures = [...attempts.failures.filter((t) => t > at - LINK_ATTEMPTS.windowMs), at];
            const locking = reason !== 'locked' && failures.length > LINK_ATTEMPTS.maxFailures;
            const lockedUntil = locking ? at + LINK_ATTEMPTS.lockMs : attempts.lockedUntil;
            await repos.settings.put(key, JSON.stringify({ failures, lockedUntil }));
            await repos.audit.append({
              at: now,
              actorId: `${platform}:${externalId}`,
              channel: platform,
              action: 'identity.link_refused',
              caseId: null,
              detail: { platform, account: externalId, reason, recentFailures: failures.length, ...(locking ? { lockedUntil: new Date(lockedUntil!).toISOString() } : {}) },
            });
            log(
              `[kaifang] link refused for ${platform} account ${externalId}: ${reason}; ${failures.length} refused in ${LINK_ATTEMPTS.windowMs / 60_000} min${locking ? `, locked for ${LINK_ATTEMPTS.lockMs / 60_000} min` : ''}`,
            );
            if (reason === 'locked' || locking) return fail('LINK_LOCKED', { minutes: Math.ceil(((lockedUntil ?? at) - at) / 60_000) });
            return fail(REFUSALS[reason]);
          };
          if (attempts.lockedUntil !== null && attempts.lockedUntil > at) return refuse('locked');
          if (normalized === null) return refuse('unknown');
          const redeemed = await repos.linkCodes.redeem(normalized, now, { platform, externalId });
          if (!redeemed.ok) return refuse(redeemed.reason);
          if (attempts.failures.length > 0 || attempts.lockedUntil !== null) await repos.settings.put(key, JSON.stringify({ failures: [], lockedUntil: null }));
          const user = await repos.users.get(redeemed.userId);
          if (!user) throw new Refusal(fail('USER_UNKNOWN', { user: redeemed.userId }));
          const replaced = await repos.identities.link({ platform, externalId, userId: user.id, linkedAt: now });
          const detail: Params = { platform, account: externalId };
          // An account that spoke for someone else, or this user's earlier account on the platform.
          const previousUser = replaced.find((i) => i.userId !== user.id);
          const previousAccount = replaced.find((i) => i.externalId !== externalId);
          if (previousUser) detail.previousUser = previousUser.userId;
          if (previousAccount) detail.previousAccount = previousAccount.externalId;
          await repos.audit.append({ at: now, actorId: user.id, channel: platform, action: 'identity.link', caseId: null, detail });
          return { ok: true, value: user };
        });
      } catch (e) {
        if (e instanceof Refusal) return e.outcome;
        throw e;
      }
    },

    /** The kaifang user behind a chat account, or null when it is not linked. */
    async whoIs(platform: ChatPlatform, externalId: string): Promise<User | null> {
      const identity = await store.identities.find(platform, externalId);
      return identity === null ? null : store.users.get(identity.userId);
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
