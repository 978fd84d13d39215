import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../adapters/memory/create-memory-store.ts';
import type { User } from '../domain/model.ts';
import {
  createIdentityService,
  LINK_CODE_ALPHABET,
  LINK_CODE_LENGTH,
  LINK_CODE_VALID_MS,
  normalizeLinkCode,
  type IdentityService,
} from './identity-service.ts';
import type { Store } from './ports/store.ts';

const NOW = new Date('2026-11-23T02:00:00.000Z');
const OPERATOR = { actorId: 'operator', channel: 'cli' as const };
const later = (ms: number) => new Date(NOW.getTime() + ms);

function person(id: string): User {
  return { id, name: `Name ${id}`, roles: ['reviewer'], agencyId: 'bdb', verified: true, dishonest: false, locale: 'en' };
}

/** The value of an outcome that must have succeeded. */
function valueOf<T>(outcome: { ok: true; value: T } | { ok: false }): T {
  if (!outcome.ok) throw new Error(`expected success, got ${JSON.stringify(outcome)}`);
  return outcome.value;
}

let store: Store;
let identities: IdentityService;

beforeEach(async () => {
  store = createMemoryStore();
  identities = createIdentityService({ store });
  for (const id of ['bob', 'carol']) await store.users.upsert(person(id));
});

describe('invite', () => {
  it('issues an 8-character code without look-alikes, valid for 7 days, and audits it without the code', async () => {
    const invite = valueOf(await identities.invite('bob', NOW, OPERATOR));
    expect(invite).toEqual({ code: expect.any(String), userId: 'bob', expiresAt: later(LINK_CODE_VALID_MS), createdAt: NOW, usedAt: null, usedBy: null });
    expect(invite.code).toMatch(new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`));
    expect(invite.code).not.toMatch(/[01OIL]/);
    expect(LINK_CODE_VALID_MS).toBe(7 * 24 * 3600 * 1000);
    expect(await store.linkCodes.get(invite.code)).toEqual(invite);

    const [entry] = await store.audit.list();
    expect(entry).toMatchObject({ actorId: 'operator', channel: 'cli', action: 'identity.invite', caseId: null, detail: { user: 'bob', expiresAt: '2026-11-30T02:00:00.000Z' } });
    expect(JSON.stringify(entry)).not.toContain(invite.code);
  });

  it('draws different codes each time', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 50; i++) codes.add(valueOf(await identities.invite('bob', NOW, OPERATOR)).code);
    expect(codes.size).toBe(50);
  });

  it('draws again when a fresh code is already taken', async () => {
    // A random source that gives AAAAAAAA twice, then BBBBBBBB.
    const draws = [...Array(16).fill(LINK_CODE_ALPHABET.indexOf('A')), ...Array(8).fill(LINK_CODE_ALPHABET.indexOf('B'))];
    const pinned = createIdentityService({ store, randomInt: () => draws.shift()! });
    expect(valueOf(await pinned.invite('bob', NOW, OPERATOR)).code).toBe('AAAAAAAA');
    expect(valueOf(await pinned.invite('carol', NOW, OPERATOR)).code).toBe('BBBBBBBB');
    expect((await store.linkCodes.get('AAAAAAAA'))?.userId).toBe('bob');
  });

  it('gives up loudly when the random source keeps repeating itself', async () => {
    const stuck = createIdentityService({ store, randomInt: () => 0 });
    valueOf(await stuck.invite('bob', NOW, OPERATOR));
    await expect(stuck.invite('bob', NOW, OPERATOR)).rejects.toMatchObject({ name: 'KaifangError', code: 'LINK_CODE_EXHAUSTED' });
    expect(await store.audit.list()).toHaveLength(1);
  });

  it('refuses an unknown user and writes nothing', async () => {
    expect(await identities.invite('nobody', NOW, OPERATOR)).toEqual({ ok: false, error: 'USER_UNKNOWN', params: { user: 'nobody' } });
    expect(await store.audit.list()).toEqual([]);
  });
});

describe('link', () => {
  it('links the chat account to the invited user, once, and says who they are', async () => {
    const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
    expect(await identities.whoIs('slack', 'U-BOB')).toBeNull();

    expect(await identities.link('slack', 'U-BOB', code, later(60_000))).toEqual({ ok: true, value: person('bob') });
    expect(await identities.whoIs('slack', 'U-BOB')).toEqual(person('bob'));
    expect(await identities.whoIs('telegram', 'U-BOB')).toBeNull();
    expect(await store.identities.find('slack', 'U-BOB')).toEqual({ platform: 'slack', externalId: 'U-BOB', userId: 'bob', linkedAt: later(60_000) });
    expect(await store.linkCodes.get(code)).toMatchObject({ usedAt: later(60_000), usedBy: { platform: 'slack', externalId: 'U-BOB' } });
    expect((await store.audit.list()).at(-1)).toMatchObject({
      actorId: 'bob',
      channel: 'slack',
      action: 'identity.link',
      caseId: null,
      detail: { platform: 'slack', account: 'U-BOB' },
    });

    expect(await identities.link('telegram', '1001', code, later(120_000))).toEqual({ ok: false, error: 'LINK_CODE_USED' });
    expect(await identities.whoIs('telegram', '1001')).toBeNull();
  });

  it('accepts the code in any case, with spaces or dashes', async () => {
    const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
    expect(valueOf(await identities.link('telegram', '1001', typed, NOW)).id).toBe('bob');
    expect(normalizeLinkCode('abcd efgh')).toBe('ABCDEFGH');
    expect(normalizeLinkCode('ABCD0FGH')).toBeNull();
    expect(normalizeLinkCode('ABCDEFG')).toBeNull();
    expect(normalizeLinkCode('')).toBeNull();
  });

  it('refuses an unknown, a malformed and an expired code, linking nothing and auditing each refusal without the code', async () => {
    const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
    const audited = (await store.audit.list()).length;
    expect(await identities.link('slack', 'U-X', 'ZZZZZZZZ', NOW)).toEqual({ ok: false, error: 'LINK_CODE_UNKNOWN' });
    expect(await identities.link('slack', 'U-X', 'not a code', NOW)).toEqual({ ok: false, error: 'LINK_CODE_UNKNOWN' });
    expect(await identities.link('slack', 'U-X', code, later(LINK_CODE_VALID_MS))).toEqual({ ok: false, error: 'LINK_CODE_EXPIRED' });
    expect(await store.linkCodes.get(code)).toMatchObject({ usedAt: null });
    expect(await store.identities.list()).toEqual([]);
    const refusals = (await store.audit.list()).slice(audited);
    expect(refusals.map((e) => [e.action, e.detail.reason])).toEqual([
      ['identity.link_refused', 'unknown'],
      ['identity.link_refused', 'unknown'],
      ['identity.link_refused', 'expired'],
    ]);
    expect(JSON.stringify(refusals)).not.toMatch(/ZZZZZZZZ|not a code/);
    expect(JSON.stringify(refusals)).not.toContain(code);
    // A second before the expiry it still works.
    expect((await identities.link('slack', 'U-X', code, later(LINK_CODE_VALID_MS - 1000))).ok).toBe(true);
  });

  it('moves an account to the user of a new code, and replaces a user’s earlier account, saying so in the audit log', async () => {
    const forBob = valueOf(await identities.invite('bob', NOW, OPERATOR)).code;
    const forCarol = valueOf(await identities.invite('carol', NOW, OPERATOR)).code;
    const bobAgain = valueOf(await identities.invite('bob', NOW, OPERATOR)).code;
    await identities.link('slack', 'U-SHARED', forBob, NOW);

    // The same Slack account redeems carol's code: it now speaks for carol, and bob has no Slack account.
    expect(valueOf(await identities.link('slack', 'U-SHARED', forCarol, later(1))).id).toBe('carol');
    expect(await identities.whoIs('slack', 'U-SHARED')).toEqual(person('carol'));
    expect(await store.identities.findByUser('slack', 'bob')).toBeNull();
    expect((await store.audit.list()).at(-1)?.detail).toEqual({ platform: 'slack', account: 'U-SHARED', previousUser: 'bob' });

    // Bob links a new account, then a newer one: only the newest stays.
    await identities.link('slack', 'U-BOB-1', bobAgain, later(2));
    const newest = valueOf(await identities.invite('bob', later(3), OPERATOR)).code;
    await identities.link('slack', 'U-BOB-2', newest, later(4));
    expect(await identities.whoIs('slack', 'U-BOB-1')).toBeNull();
    expect(await store.identities.findByUser('slack', 'bob')).toMatchObject({ externalId: 'U-BOB-2' });
    expect((await store.audit.list()).at(-1)?.detail).toEqual({ platform: 'slack', account: 'U-BOB-2', previousAccount: 'U-BOB-1' });
  });

  it('leaves the code usable when its user has gone', async () => {
    const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
    // Users are never deleted today; a store without bob stands in for a hand-edited database.
    const other = createMemoryStore();
    await other.linkCodes.create({ code, userId: 'bob', expiresAt: later(LINK_CODE_VALID_MS), createdAt: NOW });
    const service = createIdentityService({ store: other });
    expect(await service.link('slack', 'U-BOB', code, NOW)).toEqual({ ok: false, error: 'USER_UNKNOWN', params: { user: 'bob' } });
    expect(await other.linkCodes.get(code)).toMatchObject({ usedAt: null });
    expect(await other.identities.list()).toEqual([]);
  });

  it('links exactly one of two accounts redeeming the same code at once', async () => {
    const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
    const results = await Promise.all([identities.link('slack', 'U-1', code, NOW), identities.link('telegram', '2', code, NOW)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'LINK_CODE_USED' }]);
    expect(await store.identities.list()).toHaveLength(1);
  });

  describe('guessing', () => {
    it('locks an account after more than 5 wrong codes in 10 minutes, even against the right code, and logs each refusal', async () => {
      const lines: string[] = [];
      const guarded = createIdentityService({ store, log: (l) => lines.push(l) });
      const { code } = valueOf(await guarded.invite('bob', NOW, OPERATOR));
      for (let i = 0; i < 5; i++) expect(await guarded.link('slack', 'U-GUESS', `WRONG${i}AAA`.slice(0, 8), later(i * 60_000))).toMatchObject({ error: 'LINK_CODE_UNKNOWN' });
      // The sixth wrong code within 10 minutes locks the account's attempts for 30 minutes.
      expect(await guarded.link('slack', 'U-GUESS', 'ZZZZZZZZ', later(5 * 60_000))).toEqual({ ok: false, error: 'LINK_LOCKED', params: { minutes: 30 } });
      expect(await guarded.link('slack', 'U-GUESS', code, later(6 * 60_000))).toEqual({ ok: false, error: 'LINK_LOCKED', params: { minutes: 29 } });
      expect(await store.linkCodes.get(code)).toMatchObject({ usedAt: null });
      // Another account is not affected, and after the lock the right code works.
      expect((await guarded.link('slack', 'U-OTHER', 'ZZZZZZZZ', later(6 * 60_000))).ok).toBe(false);
      expect(valueOf(await guarded.link('slack', 'U-GUESS', code, later(36 * 60_000))).id).toBe('bob');
      expect(lines).toHaveLength(8);
      expect(lines[5]).toBe('[kaifang] link refused for slack account U-GUESS: unknown; 6 refused in 10 min, locked for 30 min');
      expect(lines.join('\n')).not.toContain(code);
    });

    it('forgets wrong codes older than 10 minutes', async () => {
      const { code } = valueOf(await identities.invite('bob', NOW, OPERATOR));
      for (let i = 0; i < 10; i++) expect(await identities.link('slack', 'U-SLOW', 'ZZZZZZZZ', later(i * 3 * 60_000))).toMatchObject({ error: 'LINK_CODE_UNKNOWN' });
      expect((await identities.link('slack', 'U-SLOW', code, later(31 * 60_000))).ok).toBe(true);
    });
  });
});
