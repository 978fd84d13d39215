// How an effect is carried out: one handler per effect kind, each in its own file, in a map typed so that a new kind
// without a handler fails the type-check (EFFECT_HANDLERS in effect-handlers.ts). All run inside the transaction that
// writes the case, so a failure undoes the decision with them.
import type { EffectOf, EffectType } from '../../domain/effects/effect.ts';
import type { Params } from '../../domain/errors.ts';
import type { Dataset } from '../../domain/model.ts';
import type { SendingWindow } from '../../domain/reminders/working-hours.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Repositories } from '../ports/store.ts';

export interface EffectContext {
  repos: Repositories;
  /** The case as just written. */
  caseRec: CaseRecord;
  dataset: Dataset | null;
  at: Date;
  timeZone: string;
  /** Working hours: messages wait for the next window. */
  window: SendingWindow;
}

export interface EffectHandler<K extends EffectType> {
  /** Work that must happen before the case exists because the case refers to its result (a new dataset). */
  beforeCase?(effect: EffectOf<K>, repos: Repositories): Promise<Dataset>;
  /** Returns what the decision's audit entry must say about what it did, if anything (the id of a grant it made). */
  run?(effect: EffectOf<K>, ctx: EffectContext): Promise<Params | void>;
}
