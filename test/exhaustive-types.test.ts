// A new effect kind without a handler, or a profile missing a clock, must fail `npm run typecheck`. Each
// `@ts-expect-error` below is a compile error the type-check demands (an unused one fails it too), so these lines prove
// the types refuse what they must; the tests beside them check the same maps at run time.
import { describe, expect, it } from 'vitest';
import { EFFECT_HANDLERS, type EffectHandlers } from '../src/application/effects/effect-handlers.ts';
import { RECIPIENT_RESOLVERS, type RecipientResolvers } from '../src/application/recipients/recipient-resolvers.ts';
import type { Effect } from '../src/domain/effects/effect.ts';
import { PROFILES, profile, type CityDeclaration } from '../src/domain/policy/profiles.ts';
import { WORKFLOWS } from '../src/domain/workflows/registry.ts';

describe('exhaustive by type', () => {
  it('an effect kind without a handler does not compile', () => {
    type WithArchive = Effect | { type: 'archiveDataset'; datasetId: string };
    // @ts-expect-error — 'archiveDataset' has no handler in EFFECT_HANDLERS.
    const withArchive: { readonly [K in WithArchive['type']]: unknown } = EFFECT_HANDLERS;
    const { grantAccess: _dropped, ...fewer } = EFFECT_HANDLERS;
    // @ts-expect-error — a map without the grantAccess handler is not EffectHandlers.
    const incomplete: EffectHandlers = fewer;
    expect(Object.keys(withArchive)).not.toContain('archiveDataset');
    expect(Object.keys(incomplete)).not.toContain('grantAccess');
  });

  it('a recipient kind without a resolver does not compile', () => {
    const { agency: _dropped, ...fewer } = RECIPIENT_RESOLVERS;
    // @ts-expect-error — a map without the agency resolver is not RecipientResolvers.
    const incomplete: RecipientResolvers = fewer;
    expect(Object.keys(incomplete)).not.toContain('agency');
    expect(Object.keys(RECIPIENT_RESOLVERS)).toContain('agency');
  });

  it('a city declaration without the steps of a built-in workflow does not compile', () => {
    const taian = PROFILES.taian!;
    const { W7: _dropped, ...steps } = taian.steps as CityDeclaration['steps'];
    const declaration = { id: 'x', name: taian.name, source: taian.source, pending: {}, attributeDowngrade: taian.attributeDowngrade, demandRequester: taian.demandRequester, terms: taian.terms };
    // @ts-expect-error — W7 has no steps.
    const broken: CityDeclaration = { ...declaration, steps };
    expect(Object.keys(broken.steps)).not.toContain('W7');
    // And at run time every clock a built-in workflow needs is in every profile built from a complete declaration.
    const whole = profile({ ...declaration, steps: taian.steps as CityDeclaration['steps'] });
    for (const key of WORKFLOWS.clockKeys) expect(whole.clocks[key], key).toBeGreaterThan(0);
  });
});
