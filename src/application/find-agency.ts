// An agency as people name it in a command: by its id (`transport`) or by its name (`市交通运输局`), in any letter case.
import type { Agency } from '../domain/model.ts';
import type { Repositories } from './ports/store.ts';

export async function findAgency(repos: Pick<Repositories, 'agencies'>, typed: string): Promise<Agency | null> {
  const word = typed.trim().toLowerCase();
  if (word === '') return null;
  const agencies = await repos.agencies.list();
  return agencies.find((a) => a.id.toLowerCase() === word) ?? agencies.find((a) => a.name.trim().toLowerCase() === word) ?? null;
}
