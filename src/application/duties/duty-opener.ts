// The scheduler's chore that opens the platform's own cases when they fall due (W13 freshness, W2R re-assessment, and
// any duty to come).
// Each duty's key is claimed in the transaction that creates its case (`service.openOnce`), so two processes on one
// database, a retried round or a restart open every duty exactly once.
//
// It runs every round, not only in working hours: opening a case only writes rows (its messages wait in the outbox
// for the working-hours window, its reminders are planned on it), and a duty opened on the day it falls due counts its
// days from that day, whatever the hour.
import { PLATFORM_USER_ID, type Locale, type User } from '../../domain/model.ts';
import { localDateOf } from '../../domain/calendar/local-date.ts';
import type { DueDuty, DutyDefinition } from '../../domain/duties/duty-definition.ts';
import type { DomainError } from '../../domain/errors.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { CaseService } from '../case-service.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Store } from '../ports/store.ts';
import { cityCatalog } from '../city-datasets.ts';

export interface DutyOpenerDeps {
  store: Pick<Store, 'agencies' | 'datasets' | 'grants' | 'users' | 'once'>;
  service: Pick<CaseService, 'openOnce'>;
  duties: readonly DutyDefinition[];
  /** The city's profile: the periods some duties run on (W2R's months between re-assessments). */
  profile: PolicyProfile;
  translator: Translator;
  timeZone: string;
  /** The platform user's language (KAIFANG_LOCALE): its name is said in it. */
  locale: Locale;
}

export interface DutyRound {
  opened: { duty: DueDuty; caseId: string }[];
  /** Duties whose workflow refused to start (a dataset changed meanwhile): tried again next round. */
  refused: { duty: DueDuty; refusal: DomainError }[];
}

/** The claim key of a duty: kept apart from every other once-key (deliveries, said reminders). */
export const dutyClaimKey = (duty: DueDuty) => `duty:${duty.key}`;

export function createDutyOpener(deps: DutyOpenerDeps) {
  const { store, service, duties, profile, translator, timeZone } = deps;

  /** The duties due at `at`, whether opened or not. */
  async function dueAt(at: Date): Promise<DueDuty[]> {
    // The city's duties bind its own bodies: a higher level's data the catalog lists is kept at its level (Z15).
    const { agencies, datasets } = await cityCatalog(store);
    const grants = await store.grants.list();
    const today = localDateOf(at, timeZone);
    return duties.flatMap((d) => d.due({ datasets, agencies, grants, timeZone, today, profile }));
  }

  /** The applicant of every duty: the platform itself, with no role and no chat account (nothing is sent to it). */
  async function platformUser(): Promise<User> {
    const known = await store.users.get(PLATFORM_USER_ID);
    if (known) return known;
    return store.users.upsert({
      id: PLATFORM_USER_ID,
      name: translator.t(deps.locale, 'common.platformUser'),
      roles: [],
      agencyId: null,
      verified: false,
      dishonest: false,
      locale: deps.locale,
    });
  }

  /** What a round at `at` would open: due duties not yet claimed. Reads only. */
  async function wouldOpen(at: Date): Promise<DueDuty[]> {
    const fresh: DueDuty[] = [];
    for (const duty of await dueAt(at)) if (!(await store.once.isClaimed(dutyClaimKey(duty)))) fresh.push(duty);
    return fresh;
  }

  return {
    dueAt,
    wouldOpen,

    /** Opens every duty due at `at` that no process opened before. */
    async open(at: Date): Promise<DutyRound> {
      const round: DutyRound = { opened: [], refused: [] };
      const due = await wouldOpen(at);
      if (due.length === 0) return round;
      const applicant = await platformUser();
      for (const duty of due) {
        const result = await service.openOnce(dutyClaimKey(duty), applicant, duty.workflow, duty.input ?? {}, duty.datasetId !== null ? { datasetId: duty.datasetId } : duty.agencyId ? { agencyId: duty.agencyId } : null, duty.applicantId);
        if (!result.ok) round.refused.push({ duty, refusal: result });
        else if (result.value) round.opened.push({ duty, caseId: (result.value as CaseRecord).id });
      }
      return round;
    },
  };
}

export type DutyOpener = ReturnType<typeof createDutyOpener>;
