// Behaviour both stores share, so the SQL store and the in-memory fake cannot drift apart.
import type { UserPreferences } from '../application/ports/directory.ts';
import type { OutboxStatus } from '../application/ports/delivery.ts';
import type { ChatIdentity, LinkCode, PostedMessage, RedeemResult } from '../application/ports/chat.ts';
import type { Dataset } from '../domain/model.ts';

const CASE_PREFIX = 'C-';
const DATASET_PREFIX = 'DS-';
const GRANT_PREFIX = 'G-';

function formatNumbered(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

/** `C-0001`, …, `C-9999`, `C-10000`. */
export function formatCaseId(n: number): string {
  return formatNumbered(CASE_PREFIX, n);
}

/** `DS-0001`, …: a dataset's id and code. */
export function formatDatasetCode(n: number): string {
  return formatNumbered(DATASET_PREFIX, n);
}

export function formatGrantId(n: number): string {
  return formatNumbered(GRANT_PREFIX, n);
}

/** People type `ds-0001` or ` DS-0001 `. */
export function normalizeDatasetCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Every word appears somewhere in what people know a dataset by, ignoring case: its code, name, English name, summary,
 * fields, open conditions, or the providing agency's name (`交通` finds 市交通运输局's datasets). Each word may match a
 * different place; blank words are ignored.
 */
export function datasetMatchesWords(dataset: Dataset, words: readonly string[], agencyName: string | null): boolean {
  const needles = words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0);
  if (needles.length === 0) return true;
  const places = [dataset.code, dataset.name, dataset.nameEn, dataset.summary, ...dataset.fields, dataset.conditions, agencyName];
  const haystacks = places.filter((s): s is string => s !== null).map((s) => s.toLowerCase());
  return needles.every((needle) => haystacks.some((h) => h.includes(needle)));
}

/**
 * What a JSON column gives back: undefined becomes null, Dates become strings, class instances plain objects.
 * The fake applies it too, so a test that passes against memory does not fail against SQL.
 */
export function jsonRoundTrip<T>(value: T): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown;
}

/** Plain JavaScript string order. The SQL store sorts text keys with it too, so no database collation decides. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Ascending by an instant, then by id: the order of the (status, instant, id) indexes that due work is read from. */
export function earliestFirst<T extends { id: number }>(instant: (item: T) => Date): (a: T, b: T) => number {
  return (a, b) => instant(a).getTime() - instant(b).getTime() || a.id - b.id;
}

/** Every outbox status, counted zero. */
export function emptyOutboxCounts(): Record<OutboxStatus, number> {
  return { pending: 0, sending: 0, sent: 0, parked: 0 };
}

/** In force on `day`, both ends included (YYYY-MM-DD compares as text). */
export function isActiveOn(period: { from: string; to: string }, day: string): boolean {
  return period.from <= day && day <= period.to;
}

/** What a user who never chose gets. */
export const DEFAULT_PREFERENCES: Readonly<UserPreferences> = Object.freeze({ digest: false, localeChosen: false });

/** A schedule step's unique key (caseId, stage, rule, level) as one string. */
export function scheduleKey(step: { caseId: string; stage: number; rule: string; level: number }): string {
  return `${step.caseId}\u0000${step.stage}\u0000${step.rule}\u0000${step.level}`;
}

/** Chat links by user, then platform: the order of `users list`. */
export function compareIdentities(a: ChatIdentity, b: ChatIdentity): number {
  return compareStrings(a.userId, b.userId) || compareStrings(a.platform, b.platform) || compareStrings(a.externalId, b.externalId);
}

/** The copies of a case's message in the order they were posted; the key breaks ties. */
export function comparePostedMessages(a: PostedMessage, b: PostedMessage): number {
  return (
    a.postedAt.getTime() - b.postedAt.getTime() ||
    compareStrings(a.platform, b.platform) ||
    compareStrings(a.channel, b.channel) ||
    compareStrings(a.messageRef, b.messageRef)
  );
}

/** Usable at `at`: not used yet, and `at` before the expiry (a code is dead from its expiresAt on). */
export function isRedeemable(code: Pick<LinkCode, 'usedAt' | 'expiresAt'>, at: Date): boolean {
  return code.usedAt === null && at.getTime() < code.expiresAt.getTime();
}

/** Why a code could not be redeemed: unknown, else used (even when it has also expired since), else expired. */
export function redeemRefusal(code: Pick<LinkCode, 'usedAt' | 'expiresAt'> | null, at: Date): Extract<RedeemResult, { ok: false }> {
  if (code === null) return { ok: false, reason: 'unknown' };
  if (code.usedAt === null && at.getTime() >= code.expiresAt.getTime()) return { ok: false, reason: 'expired' };
  // Used. (A code that still looks redeemable to a claim that matched nothing can only mean another claim won.)
  return { ok: false, reason: 'used' };
}
