// The city's authority (公共数据开放主管部门): the one agency of kind `authority`. Formal reviews, extension approvals and
// the last rung of every escalation go there.
import type { Agency } from '../domain/model.ts';
import type { Repositories } from './ports/store.ts';

export async function findAuthority(repos: Pick<Repositories, 'agencies'>): Promise<Agency | null> {
  return (await repos.agencies.list()).find((a) => a.kind === 'authority') ?? null;
}
