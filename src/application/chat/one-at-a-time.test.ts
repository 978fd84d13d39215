import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time.ts';

describe('oneAtATime', () => {
  it('runs one piece of work per key at a time, keys side by side, and goes on after a failure', async () => {
    const log: string[] = [];
    let failNext = true;
    const run = oneAtATime(async (key) => {
      log.push(`start ${key}`);
      await new Promise((r) => setTimeout(r, 10));
      log.push(`end ${key}`);
      if (key === 'a' && failNext) {
        failNext = false;
        throw new Error('edit refused');
      }
    });
    const results = await Promise.allSettled([run('a'), run('a'), run('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    // The second run of a began after the first ended; b ran beside the first a.
    expect(log.indexOf('start a', 1)).toBeGreaterThan(log.indexOf('end a'));
    expect(log.indexOf('start b')).toBeLessThan(log.indexOf('end a'));
  });
});
