// The table test every workflow gets: each event in each state, sent by the person the table names, lands where the
// table says; every other pair is INVALID_TRANSITION for anyone; terminal states accept nothing.
import { describe, expect, it } from 'vitest';
import type { DomainErrorCode } from '../../src/domain/errors.ts';
import { EVENT_TYPES, EVENTS, PEOPLE, ctxFor, expectOk, type CtxOptions, type PersonName } from './workflow-fixtures.ts';
import type { BaseEvent, CaseSnapshot, EventType, WorkflowDefinition } from '../../src/domain/workflows/workflow.ts';

export type Expected<S extends string> = { by: PersonName; to: S; action: string } | { by: PersonName; error: DomainErrorCode };

export function describeTransitionTable<D, S extends string, X extends string = never>(
  def: WorkflowDefinition<D>,
  opts: {
    states: readonly S[];
    allowed: Record<S, Partial<Record<EventType | X, Expected<S>>>>;
    inState: (state: S) => CaseSnapshot<D>;
    ctx?: CtxOptions;
    /** The workflow's own events (W7's resolve and dismiss), each as it is sent; tried in every state like the shared ones. */
    events?: Record<X, BaseEvent>;
  },
): void {
  const own = (opts.events ?? {}) as Record<string, BaseEvent>;
  const eventOf = (type: EventType | X): BaseEvent => (Object.hasOwn(own, type) ? own[type]! : EVENTS[type as EventType]);
  describe(`${def.id} transitions: every event in every state`, () => {
    // A workflow may send a shared event in its own shape (W6's reject gives reasons, not a legal basis): once each.
    const types: (EventType | X)[] = [...new Set([...EVENT_TYPES, ...(Object.keys(own) as X[])])];
    const cases = opts.states.flatMap((state) => types.map((event) => ({ state, event, allowed: opts.allowed[state][event] })));

    it.each(cases.filter((c) => c.allowed))('$state + $event → $allowed', ({ state, event, allowed }) => {
      const want = allowed!;
      const r = def.transition(opts.inState(state), eventOf(event), ctxFor(PEOPLE[want.by], opts.ctx));
      if ('error' in want) expect(r).toMatchObject({ ok: false, error: want.error });
      else expect(expectOk(r)).toMatchObject({ state: want.to, action: want.action });
    });

    it.each(cases.filter((c) => !c.allowed))('$state + $event → INVALID_TRANSITION for anyone', ({ state, event }) => {
      for (const who of ['applicant', 'authorityReviewer', 'providerReviewer'] as const) {
        const r = def.transition(opts.inState(state), eventOf(event), ctxFor(PEOPLE[who], opts.ctx));
        expect(r).toMatchObject({ ok: false, error: 'INVALID_TRANSITION', params: { state, event, workflow: def.id } });
      }
    });

    it('has no transition out of its terminal states, and every state with none is terminal', () => {
      const dead = opts.states.filter((state) => Object.keys(opts.allowed[state]).length === 0);
      expect([...def.terminalStates].sort()).toEqual([...dead].sort());
    });
  });
}
