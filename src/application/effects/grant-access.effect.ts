import type { EffectHandler } from './effect-handler.ts';

/**
 * T15(三), S21: access under the usage agreement, until the end of the usage period the application gave (使用期限, S20).
 * The decision's audit entry names the grant (`audit --verify` checks every grant against the entry that made it).
 */
export const grantAccessEffect: EffectHandler<'grantAccess'> = {
  async run(effect, { repos, caseRec, at }) {
    const grant = await repos.grants.create({
      caseId: caseRec.id,
      datasetId: effect.datasetId,
      userId: effect.userId,
      expiresOn: effect.expiresOn,
      agreementRef: effect.agreementRef,
      grantedAt: at,
      kind: effect.kind,
      duty: effect.duty,
    });
    return { grant: grant.id };
  },
};
