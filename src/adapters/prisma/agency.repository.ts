import type { AgencyRepository } from '../../application/ports/directory.ts';
import type { Agency } from '../../domain/model.ts';
import { compareStrings } from '../store-rules.ts';
import type { Agency as AgencyRow } from './generated/client.ts';
import type { PrismaSession } from './prisma-session.ts';
import { agencyKindSchema, agencyLevelSchema, parseColumn } from './row-schemas.ts';

function toAgency(row: AgencyRow): Agency {
  return {
    id: row.id,
    name: row.name,
    kind: parseColumn(agencyKindSchema, row.kind, `agency ${row.id}.kind`),
    level: parseColumn(agencyLevelSchema, row.level, `agency ${row.id}.level`),
  };
}

export function createAgencyRepository(session: PrismaSession): AgencyRepository {
  return {
    get: (id: string) =>
      session.read('agencies.get', async (db) => {
        const row = await db.agency.findUnique({ where: { id } });
        return row === null ? null : toAgency(row);
      }),

    upsert: (agency: Agency) =>
      session.write('agencies.upsert', async (db) => {
        const columns = { name: agency.name, kind: agency.kind, level: agency.level };
        const row = await db.agency.upsert({ where: { id: agency.id }, create: { id: agency.id, ...columns }, update: columns });
        return toAgency(row);
      }),

    list: () =>
      session.read('agencies.list', async (db) => {
        const rows = await db.agency.findMany();
        return rows.map(toAgency).sort((a, b) => compareStrings(a.id, b.id));
      }),
  };
}
