import type { LocalDate, Locale } from '../../domain/model.ts';
import type { Store } from '../ports/store.ts';
import { DEMO_AGENCIES, DEMO_DATASETS, DEMO_USERS } from './demo-data.ts';

export interface SeedReport {
  agencies: number;
  users: number;
  /** Datasets created by this run; 0 when they were all there already. */
  datasetsCreated: number;
}

/**
 * Idempotent: agencies and users are upserted, a dataset is created only if none of that name exists. `today`: the day
 * the datasets are published, which counts as their last update (W13) and the setting of their open attribute (W2R);
 * without it they have neither and no duty opens.
 */
export async function seedDemo(store: Pick<Store, 'users' | 'transaction'>, options: { locale?: Locale; today?: LocalDate } = {}): Promise<SeedReport> {
  return store.transaction(async (repos) => {
    for (const a of DEMO_AGENCIES) await repos.agencies.upsert(a);
    for (const u of DEMO_USERS) {
      const existing = await repos.users.get(u.id);
      // New people start in the platform's language (KAIFANG_LOCALE); a person who chose another keeps it.
      await repos.users.upsert({ ...u, locale: existing?.locale ?? options.locale ?? u.locale });
    }
    const names = new Set((await repos.datasets.search()).map((d) => d.name));
    let datasetsCreated = 0;
    for (const { provider, nameEn, entry } of DEMO_DATASETS) {
      if (names.has(entry.name)) continue;
      const ds = await repos.datasets.create(entry, provider, 'pending', { nameEn });
      await repos.datasets.setStatus(ds.id, 'published');
      if (options.today) {
        await repos.datasets.setLastUpdated(ds.id, options.today);
        await repos.datasets.setAttributeAssessed(ds.id, options.today);
      }
      datasetsCreated++;
    }
    return { agencies: DEMO_AGENCIES.length, users: DEMO_USERS.length, datasetsCreated };
  });
}

/** True when the database has no people yet (a fresh install). */
export async function isEmpty(store: Pick<Store, 'users'>): Promise<boolean> {
  return (await store.users.list()).length === 0;
}
