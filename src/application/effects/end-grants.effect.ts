import { addDays, localDateOf } from '../../domain/calendar/local-date.ts';
import type { EffectHandler } from './effect-handler.ts';

/**
 * W2: data closed (不予开放) is given to nobody, so every grant on it still in force ends with the decision (W2S: data no
 * longer shared, every sharing grant): its last
 * day in force becomes yesterday, in the platform's time zone. The decision's audit entry names the grants ended and
 * the expiry each had, since the grant itself keeps only its new last day.
 */
export const endGrantsEffect: EffectHandler<'endGrants'> = {
  async run(effect, { repos, at, timeZone }) {
    const ended = await repos.grants.endOnDataset(effect.datasetId, addDays(localDateOf(at, timeZone), -1), effect.kind ?? 'open');
    if (ended.length === 0) return;
    return { endedGrants: ended.map((g) => `${g.id}:${g.expiresOn}`).join(','), endedReason: effect.reason };
  },
};
