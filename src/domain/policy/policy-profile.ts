import type { ReminderPolicy } from '../reminders/reminder-ladder.ts';

// A city's clocks as data (spec: "Where a city's rule differs, the difference is a policy profile value").


export interface PolicyProfile {
  id: string;
  name: { 'zh-CN': string; en: string };
  /** The regulation the values come from, for `why` and the README. */
  source: string;
  /**
   * Working days allowed on each waiting state, keyed `<workflow>.<clock>` (`W5.provider_review`). The city profiles
   * are typed to hold every clock the built-in workflows declare (profiles.ts); the application checks a registry's
   * clocks against the profile at start-up.
   */
  clocks: Readonly<Record<string, number>>;
  /** Upper limits, e.g. `W7.max_total`: S10's 30 working days for an objection including extensions. */
  limits: Record<string, number>;
  /** When reminders and escalations go out, and to whom. */
  reminders: ReminderPolicy;
}
