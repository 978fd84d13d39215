import type { DatasetCreateOptions, DatasetRepository, DatasetSearch } from '../../application/ports/directory.ts';
import type { CatalogEntry, Dataset, DatasetStatus, LocalDate } from '../../domain/model.ts';
import { storeError } from '../store-errors.ts';
import { datasetMatchesWords, formatDatasetCode, normalizeDatasetCode } from '../store-rules.ts';
import type { Dataset as DatasetRow } from './generated/client.ts';
import { nextNumber } from './next-number.ts';
import type { PrismaSession } from './prisma-session.ts';
import {
  catalogAttributeSchema,
  datasetStatusSchema,
  dataTypeSchema,
  formatsSchema,
  parseColumn,
  parseJsonColumn,
  stringListSchema,
  updateFrequencySchema,
  localDateSchema,
  shareAttributeSchema,
} from './row-schemas.ts';

function toDataset(row: DatasetRow): Dataset {
  const where = `dataset ${row.id}`;
  return {
    id: row.id,
    code: row.id,
    name: row.name,
    nameEn: row.nameEn,
    summary: row.summary,
    fields: parseJsonColumn(stringListSchema, row.fields, `${where}.fields`),
    attribute: parseColumn(catalogAttributeSchema, row.attribute, `${where}.attribute`),
    conditions: row.conditions,
    formats: parseJsonColumn(formatsSchema, row.formats, `${where}.formats`),
    dataType: parseColumn(dataTypeSchema, row.dataType, `${where}.dataType`),
    updateFrequency: parseColumn(updateFrequencySchema, row.updateFrequency, `${where}.updateFrequency`),
    sharing: parseColumn(shareAttributeSchema, row.sharing, `${where}.sharing`),
    sharingConditions: row.sharingConditions,
    sharingBasis: row.sharingBasis,
    providerAgencyId: row.providerAgencyId,
    status: parseColumn(datasetStatusSchema, row.status, `${where}.status`),
    lastUpdatedOn: row.lastUpdatedOn === null ? null : parseColumn(localDateSchema, row.lastUpdatedOn, `${where}.lastUpdatedOn`),
    attributeAssessedOn: row.attributeAssessedOn === null ? null : parseColumn(localDateSchema, row.attributeAssessedOn, `${where}.attributeAssessedOn`),
  };
}

function entryColumns(entry: CatalogEntry) {
  return {
    name: entry.name,
    summary: entry.summary,
    fields: JSON.stringify(entry.fields),
    attribute: entry.attribute,
    conditions: entry.conditions,
    formats: JSON.stringify(entry.formats),
    dataType: entry.dataType,
    updateFrequency: entry.updateFrequency,
    sharing: entry.sharing,
    sharingConditions: entry.sharingConditions,
    sharingBasis: entry.sharingBasis,
  };
}

function notFound(id: string) {
  return storeError('STORE_NOT_FOUND', `Dataset ${id} does not exist.`);
}

export function createDatasetRepository(session: PrismaSession): DatasetRepository {
  const get = (id: string) =>
    session.read('datasets.get', async (db) => {
      const row = await db.dataset.findUnique({ where: { id } });
      return row === null ? null : toDataset(row);
    });

  return {
    create: (entry: CatalogEntry, providerAgencyId: string, status: DatasetStatus, options: DatasetCreateOptions = {}) =>
      session.write('datasets.create', async (db) => {
        const number = await nextNumber(db, 'dataset');
        const row = await db.dataset.create({
          data: { id: formatDatasetCode(number), number, ...entryColumns(entry), nameEn: options.nameEn ?? null, lastUpdatedOn: options.lastUpdatedOn ?? null,
            attributeAssessedOn: options.attributeAssessedOn ?? null,
            providerAgencyId, status },
        });
        return toDataset(row);
      }),

    get,

    findByCode: (code: string) => get(normalizeDatasetCode(code)),

    update: (id: string, entry: CatalogEntry) =>
      session.write('datasets.update', async (db) => {
        const { count } = await db.dataset.updateMany({ where: { id }, data: entryColumns(entry) });
        if (count === 0) throw notFound(id);
        return toDataset(await db.dataset.findUniqueOrThrow({ where: { id } }));
      }),

    setStatus: (id: string, status: DatasetStatus) =>
      session.write('datasets.setStatus', async (db) => {
        const { count } = await db.dataset.updateMany({ where: { id }, data: { status } });
        if (count === 0) throw notFound(id);
        return toDataset(await db.dataset.findUniqueOrThrow({ where: { id } }));
      }),

    setLastUpdated: (id: string, on: LocalDate) =>
      session.write('datasets.setLastUpdated', async (db) => {
        const { count } = await db.dataset.updateMany({ where: { id }, data: { lastUpdatedOn: on } });
        if (count === 0) throw notFound(id);
        return toDataset(await db.dataset.findUniqueOrThrow({ where: { id } }));
      }),

    setAttributeAssessed: (id: string, on: LocalDate) =>
      session.write('datasets.setAttributeAssessed', async (db) => {
        const { count } = await db.dataset.updateMany({ where: { id }, data: { attributeAssessedOn: on } });
        if (count === 0) throw notFound(id);
        return toDataset(await db.dataset.findUniqueOrThrow({ where: { id } }));
      }),

    // The status narrows in SQL (Dataset_status_idx); the words are matched here, the same way the fake does
    // (store-rules.ts), which keeps the behaviour identical on SQLite and PostgreSQL: a LIKE would be case-insensitive
    // for ASCII only on SQLite, and could not look inside the JSON list of fields. A city catalog has hundreds of
    // entries, not millions, and the agencies are read by primary key, one query for all of them.
    search: (query: DatasetSearch = {}) =>
      session.read('datasets.search', async (db) => {
        const rows = await db.dataset.findMany({
          where: query.status === undefined ? {} : { status: query.status },
          orderBy: { number: 'asc' },
        });
        const datasets = rows.map(toDataset);
        const words = query.words ?? [];
        if (words.every((w) => w.trim() === '')) return datasets;
        const ids = [...new Set(datasets.map((d) => d.providerAgencyId))];
        const agencies = await db.agency.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
        const names = new Map(agencies.map((a) => [a.id, a.name]));
        return datasets.filter((d) => datasetMatchesWords(d, words, names.get(d.providerAgencyId) ?? null));
      }),
  };
}
