// The grounds a decision must carry: a return lists every reason at once (一次性告知, T9(二), S20), a refusal cites
// its legal basis (T15(二), S20).
import { fail, type DomainError, type Params } from '../errors.ts';
import { notifyUser } from './notify.ts';
import { itemsOf, textOf } from './raw-values.ts';
import type { EventOf } from './transition-table.ts';
import type { CaseSnapshot, Step, Transition } from './workflow.ts';
import type { Effect } from '../effects/effect.ts';

export interface ReturnGrounds {
  ok: true;
  reasons: string[];
  /** The reasons as one numbered block, for messages and the audit line. */
  text: string;
}

export interface RejectGrounds {
  ok: true;
  legalBasis: string;
  reason: string | null;
}

/** Numbered lines, so a chat shows every reason and none runs into the next. */
export function formatReasons(reasons: readonly string[]): string {
  return reasons.map((r, i) => `${i + 1}. ${r}`).join('\n');
}

export function returnGrounds(event: EventOf<'return'>): ReturnGrounds | DomainError {
  const reasons = itemsOf(event.reasons);
  if (reasons.length === 0) return fail('REASONS_REQUIRED', undefined, 'reasons');
  return { ok: true, reasons, text: formatReasons(reasons) };
}

export function rejectGrounds(event: EventOf<'reject'>): RejectGrounds | DomainError {
  const legalBasis = textOf(event.legalBasis);
  if (legalBasis === '') return fail('LEGAL_BASIS_REQUIRED', undefined, 'basis');
  const reason = typeof event.reason === 'string' && event.reason.trim() !== '' ? event.reason.trim() : null;
  return { ok: true, legalBasis, reason };
}

/** The audit line's note of an approval: the reviewer's note, trimmed, when they gave one. */
export function noteDetail(note: string | undefined): Params {
  const n = note?.trim();
  return n ? { note: n } : {};
}

/** The audit line of a refusal: the basis always, the explanation when given. */
export function rejectDetail(grounds: RejectGrounds): Params {
  return grounds.reason ? { legalBasis: grounds.legalBasis, reason: grounds.reason } : { legalBasis: grounds.legalBasis };
}

/**
 * A return for correction (补正): the case goes back to whoever filed it with every reason at once, and the clock stops
 * (no assignee, no deadline) until they resubmit. `data` adds what a workflow remembers of the return.
 */
export function returnForCorrection<D extends { reasons: string[] }>(
  s: CaseSnapshot<D>,
  grounds: ReturnGrounds,
  opts: { message: string; action: string; params: Params; data?: Partial<D> },
): Transition<D> {
  const told = { reasons: grounds.text, count: grounds.reasons.length };
  return {
    ok: true,
    state: 'returned',
    data: { ...s.data, ...opts.data, reasons: grounds.reasons },
    assignee: null,
    deadline: null,
    effects: [notifyUser(s.applicantId, opts.message, { caseId: s.id, ...opts.params, ...told })],
    action: opts.action,
    detail: told,
  };
}

/**
 * A refusal that ends the case (不予通过): its legal basis — and its explanation when given — kept in the data and
 * told, with the workflow's own message, to whoever `tell` names (the applicant, or the provider's agency).
 */
export function refusal<D extends { rejection: { legalBasis: string; reason: string | null } | null }>(
  s: CaseSnapshot<D>,
  grounds: RejectGrounds,
  opts: { tell: (told: Params) => Effect; action: string; params: Params },
): Transition<D> {
  return {
    ok: true,
    state: 'refused',
    data: { ...s.data, rejection: { legalBasis: grounds.legalBasis, reason: grounds.reason } },
    assignee: null,
    deadline: null,
    effects: [opts.tell({ caseId: s.id, ...opts.params, legalBasis: grounds.legalBasis, explanation: grounds.reason ?? '' })],
    action: opts.action,
    detail: rejectDetail(grounds),
  };
}

/**
 * The authority's refusal of what a provider filed (W2, W2S, W4): its legal basis required, told to the filer with the
 * workflow's message; the case ends `refused`.
 */
export function refusedToFiler<D extends { rejection: { legalBasis: string; reason: string | null } | null }>(
  message: string,
  action: string,
  params: (data: D) => Params,
): Step<D, EventOf<'reject'>> {
  return {
    run(s, event) {
      const grounds = rejectGrounds(event);
      if (!grounds.ok) return grounds;
      return refusal(s, grounds, { tell: (told) => notifyUser(s.applicantId, message, told), action, params: params(s.data) });
    },
  };
}
