// A small city on a SQLite file with a clock the test moves: the scheduler's rounds run as a live process would run
// them, and every delivery is recorded with the simulated moment it went out.
import type { OutboxMessage } from '../../src/application/ports/delivery.ts';
import type { Store } from '../../src/application/ports/store.ts';
import type { MessageSender, SendResult } from '../../src/application/reminders/outbox-dispatcher.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import type { CatalogEntry, User } from '../../src/domain/model.ts';
import { createPrismaStore } from '../../src/adapters/prisma/create-prisma-store.ts';
import { openApp, type App } from '../../src/main.ts';
import { tempDatabaseUrl } from './run-cli.ts';

export interface Delivery {
  /** ISO instant of the simulated clock. */
  at: string;
  userId: string;
  message: string;
  caseId: string | null;
  params: OutboxMessage['params'];
}

const person = (u: Partial<User> & Pick<User, 'id' | 'name' | 'roles'>): User => ({
  agencyId: null,
  verified: true,
  dishonest: false,
  locale: 'en',
  ...u,
});

export const WORLD_USERS: User[] = [
  person({ id: 'alice', name: 'Alice', roles: ['applicant'] }),
  person({ id: 'carol', name: 'Carol', roles: ['reviewer'], agencyId: 'bdb' }),
  person({ id: 'dave', name: 'Dave', roles: ['supervisor'], agencyId: 'bdb' }),
  person({ id: 'bob', name: 'Bob', roles: ['reviewer'], agencyId: 'transport' }),
  person({ id: 'ben', name: 'Ben', roles: ['reviewer'], agencyId: 'transport' }),
  person({ id: 'tom', name: 'Tom', roles: ['supervisor'], agencyId: 'transport' }),
];

const entry = (name: string): CatalogEntry => ({
  name,
  summary: `${name} (test)`,
  fields: ['a', 'b'],
  attribute: 'conditional',
  conditions: 'research only',
  formats: ['CSV'],
  dataType: 'dataset',
  updateFrequency: 'monthly', sharing: 'unconditional', sharingConditions: null, sharingBasis: null,
});

export const APPLY = 'title="Bus study" reason="network planning" type=api period=2027-12-31 result="report" scenario="planning" commit=yes meets=yes';

export async function seedWorld(store: Store): Promise<void> {
  await store.agencies.upsert({ id: 'bdb', name: 'Big Data Bureau', kind: 'authority', level: 'city' });
  await store.agencies.upsert({ id: 'transport', name: 'Transport Bureau', kind: 'provider', level: 'city' });
  for (const u of WORLD_USERS) await store.users.upsert(u);
  await store.datasets.create(entry('Bus ridership'), 'transport', 'published');
  await store.datasets.create(entry('Taxi trips'), 'transport', 'published');
}

export interface World {
  app: App;
  store: Store;
  url: string;
  now(): Date;
  /** Moves the clock without running a round (what happens meanwhile in other processes is their business). */
  setNow(iso: string): void;
  deliveries: Delivery[];
  /** A person types a command at the current moment; the round that follows delivers what may go out now. */
  say(userId: string, text: string): Promise<string[]>;
  /** Moves the clock in steps, running a scheduler round at each, as a process ticking every `stepMinutes` would. */
  advanceTo(iso: string, stepMinutes?: number): Promise<void>;
  round(): Promise<void>;
  close(): Promise<void>;
}

export async function createWorld(
  startIso: string,
  options: {
    url?: string;
    /** Another store than the SQLite file at `url` (the in-memory one: the same city on both stores). */
    store?: Store;
    seed?: boolean;
    sender?: (m: OutboxMessage, at: Date) => SendResult;
    maxAttempts?: number;
  } = {},
): Promise<World> {
  const url = options.url ?? tempDatabaseUrl();
  let now = new Date(startIso);
  const store = options.store ?? (await createPrismaStore({ url }));
  const config = loadConfig({ DATABASE_URL: url, KAIFANG_LOCALE: 'en' });
  const app = await openApp(config, { store, clock: { now: () => new Date(now) } });
  if (options.seed !== false) await seedWorld(store);
  const deliveries: Delivery[] = [];
  const sender: MessageSender = {
    async send(m) {
      const result = options.sender ? options.sender(m, now) : { ok: true as const };
      if (result.ok) deliveries.push({ at: now.toISOString(), userId: m.userId, message: m.message, caseId: m.caseId, params: m.params });
      return result;
    },
  };
  const dispatcher = app.dispatcher(sender, options.maxAttempts ? { maxAttempts: options.maxAttempts } : {});
  const round = async () => {
    await app.tick.tick(new Date(now));
    await dispatcher.dispatch(new Date(now));
  };
  return {
    app,
    store,
    url,
    now: () => new Date(now),
    setNow(iso) {
      now = new Date(iso);
    },
    deliveries,
    async say(userId, text) {
      const replies = await app.handler.handle({ channel: 'console', userId, text });
      await round();
      return replies;
    },
    async advanceTo(iso, stepMinutes = 15) {
      const end = new Date(iso).getTime();
      while (now.getTime() < end) {
        now = new Date(Math.min(now.getTime() + stepMinutes * 60_000, end));
        await round();
      }
    },
    round,
    close: () => store.close(),
  };
}

/** Shanghai wall-clock reading of a delivery, for readable expectations: `2026-02-25 09:00`. */
export function shanghai(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return d.toISOString().slice(0, 16).replace('T', ' ');
}
