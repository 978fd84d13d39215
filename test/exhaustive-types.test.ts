// A new effect kind without a handler, or a profile missing a clock, must fail `npm run typecheck`. Each
// `@ts-expect-error` below is a compile error the type-check demands (an unused one fails it too), so these lines prove
// the types refuse what they must; the tests beside them check the same maps at run time.
import { describe, expect, it } from 'vitest';
import { EFFECT_HANDLERS, type EffectHandlers } from '../src/application/effects/effect-handlers.ts';
import { RECIPIENT_RESOLVERS, type RecipientResolvers } from '../src/application/recipients/recipient-resolvers.ts';
import type { Effect } from '../src/domain/effects/effect.ts';
import { PROFILES, type CityProfile } from '../src/domain/policy/profiles.ts';
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

  it('a city profile missing a clock of a built-in workflow does not compile', () => {
    const taian = PROFILES.taian!;
    const { 'W7.handling': _dropped, ...clocks } = taian.clocks as CityProfile['clocks'];
    // @ts-expect-error — W7.handling is missing.
    const broken: CityProfile = { ...taian, clocks };
    expect(Object.keys(broken.clocks)).not.toContain('W7.handling');
    for (const key of WORKFLOWS.clockKeys) expect(taian.clocks[key], key).toBeGreaterThan(0);
  });
});
