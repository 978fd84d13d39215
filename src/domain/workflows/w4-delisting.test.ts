import { describe, expect, it } from 'vitest';
import { describeTransitionTable } from '../../../test/support/describe-transition-table.ts';
import { AUTHORITY, PEOPLE, ctxFor, dataset, expectOk, snapshotOf } from '../../../test/support/workflow-fixtures.ts';
import { W4_STATES, w4Delisting as w4 } from './w4-delisting.ts';

const provider = ctxFor(PEOPLE.providerReviewer);
const bureau = ctxFor(PEOPLE.authorityReviewer);
const applied = () => snapshotOf('W4', w4.start({ reason: '政策调整', now: null }, provider), PEOPLE.providerReviewer.id, 'DS-0001');

describeTransitionTable(w4, {
  states: W4_STATES,
  allowed: {
    authority_review: {
      approve: { by: 'authorityReviewer', to: 'delisted', action: 'W4.approve' },
      reject: { by: 'authorityReviewer', to: 'refused', action: 'W4.refuse' },
    },
    delisted: {},
    refused: {},
  },
  inState: (state) => ({ ...applied(), state }),
});

describe('W4 delisting (T10)', () => {
  it('the provider applies; the authority reviews within the profile’s days', () => {
    const t = expectOk(w4.start({ reason: '政策调整', now: null }, provider));
    expect(t).toMatchObject({ state: 'authority_review', assignee: { agencyId: AUTHORITY.id, role: 'reviewer' }, deadline: { workingDays: 2 } });
  });

  it('approval delists, tells every grant holder and pending applicant, and closes the pending applications', () => {
    const s = applied();
    const t = expectOk(w4.transition(s, { type: 'approve' }, bureau));
    expect(t.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'notify', to: { kind: 'datasetAudience', datasetId: 'DS-0001' }, message: 'notify.w4.audience' }),
        { type: 'closeCases', datasetId: 'DS-0001', workflows: ['W5', 'W4', 'W2', 'W2R', 'W3', 'W13'], reason: '政策调整' },
        { type: 'delistDataset', datasetId: 'DS-0001' },
      ]),
    );
  });

  it('a refusal cites its legal basis; the dataset stays', () => {
    expect(w4.transition(applied(), { type: 'reject', legalBasis: ' ' }, bureau)).toMatchObject({ ok: false, error: 'LEGAL_BASIS_REQUIRED', field: 'basis' });
    expect(expectOk(w4.transition(applied(), { type: 'reject', legalBasis: 'T10' }, bureau)).effects.map((e) => e.type)).toEqual(['notify']);
  });

  it('only the authority delists at once, for quality problems; nobody delists data that is not open', () => {
    expect(expectOk(w4.start({ reason: '数据质量问题', now: true }, bureau))).toMatchObject({ state: 'delisted', action: 'W4.delist_now', assignee: null });
    expect(w4.start({ reason: '数据质量问题', now: true }, provider)).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w4.start({ reason: 'x', now: null }, ctxFor(PEOPLE.otherProviderReviewer))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w4.start({ reason: 'x', now: null }, ctxFor(PEOPLE.applicant))).toMatchObject({ ok: false, error: 'FORBIDDEN_ROLE' });
    expect(w4.start({ reason: 'x', now: null }, ctxFor(PEOPLE.providerReviewer, { dataset: dataset({ status: 'delisted' }) }))).toMatchObject({
      ok: false,
      error: 'DATASET_NOT_PUBLISHED',
    });
  });
});
