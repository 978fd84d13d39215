// Reading the policy profile: a missing value is a deployment error (a profile without a clock the code needs),
// so it throws with a message that says where to fix it rather than running an unbounded step.
import { KaifangError } from '../errors.ts';
import type { PolicyProfile, ProfileStep } from '../policy/policy-profile.ts';
import type { LocalDate } from '../model.ts';
import type { Deadline, TransitionContext } from './workflow.ts';

export function clockDays(profile: PolicyProfile, key: string): number {
  const days = Object.hasOwn(profile.clocks, key) ? profile.clocks[key] : undefined;
  if (days === undefined)
    throw new KaifangError('PROFILE_CLOCK_MISSING', `Policy profile "${profile.id}" has no clock "${key}": add it in src/domain/policy/profiles.ts.`);
  return days;
}

export function limitOf(profile: PolicyProfile, key: string): number {
  const limit = Object.hasOwn(profile.limits, key) ? profile.limits[key] : undefined;
  if (limit === undefined)
    throw new KaifangError('PROFILE_LIMIT_MISSING', `Policy profile "${profile.id}" has no limit "${key}": add it in src/domain/policy/profiles.ts.`);
  return limit.value;
}

/** The city's step of `workflow` that waits in `state`, or undefined when the city's procedure has no such step. */
export function profileStep(profile: PolicyProfile, workflow: string, state: string): ProfileStep | undefined {
  return (Object.hasOwn(profile.steps, workflow) ? profile.steps[workflow] : undefined)?.find((s) => s.state === state);
}

/** A new clock on a waiting state, started today unless said otherwise (the start day is not counted). */
export function startClock(ctx: TransitionContext, key: string, startedOn: string = ctx.today): Deadline {
  return ctx.clock(startedOn, clockDays(ctx.profile, key));
}

/** The profile's date `key` (`W12.publish_by`) in `year`, `YYYY-MM-DD`. */
export function profileDate(profile: PolicyProfile, key: string, year: number): LocalDate {
  const date = Object.hasOwn(profile.dates, key) ? profile.dates[key] : undefined;
  if (date === undefined)
    throw new KaifangError('PROFILE_DATE_MISSING', `Policy profile "${profile.id}" has no date "${key}": add it in src/domain/policy/profiles.ts.`);
  return `${String(year).padStart(4, '0')}-${date.monthDay}`;
}

/** The article a step's days come from, without its note (`S10` of `S10 (T17 sets no days)`); null without a clock. */
export function clockArticle(profile: PolicyProfile, workflow: string, state: string): string | null {
  return profileStep(profile, workflow, state)?.clockSource?.split(' (')[0] ?? null;
}

/** The `<workflow>.<clock>` keys a set of workflows needs that the profile does not set. */
export function missingClocks(profile: PolicyProfile, clockKeys: readonly string[]): string[] {
  return clockKeys.filter((k) => !Object.hasOwn(profile.clocks, k));
}
