// A message whose delivery fails three times is retried with backoff and parked where the
// operator sees it; the case itself is unaffected. A platform's retry-after is honoured and never parks a message.
import { afterEach, describe, expect, it } from 'vitest';
import { APPLY, createWorld, shanghai, type World } from './support/reminder-world.ts';
import { runCli } from './support/run-cli.ts';

let world: World | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

describe('outbox delivery', () => {
  it('retries a failing delivery with growing waits, then parks it for the operator; the case goes on', async () => {
    const attempts: string[] = [];
    world = await createWorld('2026-11-23T10:00:00+08:00', {
      maxAttempts: 3,
      sender: (m, at) => {
        if (m.userId !== 'carol') return { ok: true };
        attempts.push(shanghai(at.toISOString()) + at.toISOString().slice(16, 19));
        return { ok: false, error: 'HTTP 502 from the chat platform' };
      },
    });
    await world.say('alice', `apply DS-0001 ${APPLY}`);
    await world.advanceTo('2026-11-23T11:00:00+08:00', 0.25);

    // First try at once, then 30 s later, then 2 minutes after that (backoff ×4), then parked.
    expect(attempts).toEqual(['2026-11-23 10:00:00', '2026-11-23 10:00:30', '2026-11-23 10:02:30']);
    const [parked] = await world.store.outbox.list({ status: ['parked'] });
    expect(parked).toMatchObject({ userId: 'carol', caseId: 'C-0001', message: 'notify.w5.assigned', attempts: 3, lastError: 'HTTP 502 from the chat platform' });
    // Alice's message went out; the case is waiting on its formal review, as if nothing had happened.
    expect(world.deliveries.map((d) => [d.userId, d.message])).toEqual([['alice', 'notify.w5.submitted']]);
    expect((await world.store.cases.get('C-0001'))).toMatchObject({ state: 'formal_review', version: 1 });
    expect(await world.store.outbox.countByStatus()).toMatchObject({ parked: 1, sent: 1, pending: 0, sending: 0 });

    // The operator's view lists it, and a requeue sends it on the next round.
    await world.store.close();
    const view = runCli(['outbox'], { env: { DATABASE_URL: world.url, KAIFANG_LOCALE: 'en', KAIFANG_NOW: '2026-11-23T11:00:00+08:00' } });
    expect(view.status, view.stderr).toBe(0);
    expect(view.stdout).toContain('HTTP 502 from the chat platform');
    expect(view.stdout).toMatch(new RegExp(`\\b${parked!.id}\\b`));
    world = null;
  });

  it('waits as long as the platform says on a 429, and does not count it towards parking', async () => {
    let limited = 4;
    const tries: string[] = [];
    world = await createWorld('2026-11-23T10:00:00+08:00', {
      maxAttempts: 2,
      sender: (m, at) => {
        if (m.userId !== 'carol') return { ok: true };
        tries.push(at.toISOString());
        return limited-- > 0 ? { ok: false, error: 'HTTP 429', retryAfterMs: 90_000 } : { ok: true };
      },
    });
    await world.say('alice', `apply DS-0001 ${APPLY}`);
    await world.advanceTo('2026-11-23T10:20:00+08:00', 0.25);
    expect(tries.map((t) => t.slice(11, 19))).toEqual(['02:00:00', '02:01:30', '02:03:00', '02:04:30', '02:06:00']);
    expect(world.deliveries.map((d) => d.userId)).toEqual(['alice', 'carol']);
    expect(await world.store.outbox.countByStatus()).toMatchObject({ parked: 0, sent: 2 });
  });

  it('puts a retry that would fall after closing time off until the next morning', async () => {
    const tries: string[] = [];
    world = await createWorld('2026-11-27T17:59:00+08:00', {
      sender: (m, at) => {
        if (m.userId !== 'carol') return { ok: true };
        tries.push(shanghai(at.toISOString()));
        return tries.length === 1 ? { ok: false, error: 'timeout' } : { ok: true };
      },
    });
    await world.say('alice', `apply DS-0001 ${APPLY}`);
    await world.advanceTo('2026-11-30T10:00:00+08:00', 1);
    // Friday 17:59 fails; 30 s later the office is closed: Monday 09:00.
    expect(tries).toEqual(['2026-11-27 17:59', '2026-11-30 09:00']);
  });
});
