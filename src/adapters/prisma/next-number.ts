import type { Db } from './prisma-session.ts';

/**
 * The next number of a named sequence (`case`, `dataset`, `grant`, `audit`). Bumped inside the caller's transaction:
 * a rollback returns the number, and concurrent writers queue on the row, so numbers have neither gaps nor repeats.
 */
export async function nextNumber(db: Db, name: string): Promise<number> {
  const row = await db.counter.upsert({
    where: { name },
    create: { name, value: 1 },
    update: { value: { increment: 1 } },
  });
  return row.value;
}
