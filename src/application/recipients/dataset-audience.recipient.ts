import { localDateOf } from '../../domain/calendar/local-date.ts';
import { isPending } from '../../domain/workflows/closed-state.ts';
import type { RecipientResolver, ResolvedRecipient } from './recipient-resolver.ts';

/**
 * T10 同步通知申请该开放数据的用户: whoever has an application for the dataset still open, and whoever holds a grant on
 * it still in force, once each: a grant of the kind asked (open data's users unless said; the bodies it is shared with
 * for W2S). Grants come from the cases that gave them, so no other store query is needed.
 */
export const datasetAudienceRecipient: RecipientResolver<'datasetAudience'> = async (to, { repos, caseRec, at, timeZone }) => {
  const today = localDateOf(at, timeZone);
  const kind = to.grantKind ?? 'open';
  const people = new Set<string>();
  for (const c of await repos.cases.list()) {
    if (c.datasetId !== to.datasetId || c.id === caseRec.id) continue;
    if (isPending(c) && (to.applicationsOf === undefined || to.applicationsOf.includes(c.workflow))) people.add(c.applicantId);
    for (const g of await repos.grants.listByCase(c.id)) if (g.datasetId === to.datasetId && g.kind === kind && g.expiresOn >= today) people.add(g.userId);
  }
  return [...people].sort().map((userId): ResolvedRecipient => ({ userId, why: { why: 'notify.why.datasetAudience' } }));
};
