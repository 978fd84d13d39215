import { addDays, localDateOf } from '../../domain/calendar/local-date.ts';
import type { EffectHandler } from './effect-handler.ts';

/**
 * W10, S34 (限制或者关闭其数据获取权限): one grant ends with the decision, its last day in force becoming yesterday in the
 * platform's time zone. The audit entry names the grant and the expiry it had, since the grant keeps only its new last day.
 */
export const endGrantEffect: EffectHandler<'endGrant'> = {
  async run(effect, { repos, at, timeZone }) {
    const lastDay = addDays(localDateOf(at, timeZone), -1);
    const before = await repos.grants.endOne(effect.grantId, lastDay);
    // Unknown, or ended by then already: nothing ended now, nothing to name.
    if (!before || before.expiresOn <= lastDay) return;
    return { endedGrants: `${before.id}:${before.expiresOn}`, endedReason: effect.reason };
  },
};
