import type { DatasetCreateOptions, DatasetRepository, DatasetSearch } from '../../application/ports/directory.ts';
import type { CatalogEntry, Dataset, DatasetStatus, LocalDate } from '../../domain/model.ts';
import { storeError } from '../store-errors.ts';
import { datasetMatchesWords, formatDatasetCode, normalizeDatasetCode } from '../store-rules.ts';
import type { MemorySession, MemoryState } from './memory-state.ts';

function copyEntry(entry: CatalogEntry): CatalogEntry {
  return {
    name: entry.name,
    summary: entry.summary,
    fields: [...entry.fields],
    attribute: entry.attribute,
    conditions: entry.conditions,
    formats: [...entry.formats],
    dataType: entry.dataType,
    updateFrequency: entry.updateFrequency,
    sharing: entry.sharing,
    sharingConditions: entry.sharingConditions,
    sharingBasis: entry.sharingBasis,
  };
}

function copyDataset(d: Dataset): Dataset {
  return { id: d.id, code: d.code, ...copyEntry(d), nameEn: d.nameEn, providerAgencyId: d.providerAgencyId, status: d.status, lastUpdatedOn: d.lastUpdatedOn, attributeAssessedOn: d.attributeAssessedOn };
}

function existing(state: MemoryState, id: string) {
  const row = state.datasets.get(id);
  if (row === undefined) throw storeError('STORE_NOT_FOUND', `Dataset ${id} does not exist.`);
  return row;
}

export function createMemoryDatasetRepository(session: MemorySession): DatasetRepository {
  const get = (id: string) =>
    session.run((state) => {
      const row = state.datasets.get(id);
      return row === undefined ? null : copyDataset(row.dataset);
    });

  return {
    create: (entry: CatalogEntry, providerAgencyId: string, status: DatasetStatus, options: DatasetCreateOptions = {}) =>
      session.run((state) => {
        const number = ++state.counters.dataset;
        const code = formatDatasetCode(number);
        const dataset: Dataset = { id: code, code, ...copyEntry(entry), nameEn: options.nameEn ?? null, providerAgencyId, status, lastUpdatedOn: options.lastUpdatedOn ?? null, attributeAssessedOn: options.attributeAssessedOn ?? null };
        state.datasets.set(code, { number, dataset });
        return copyDataset(dataset);
      }),

    get,

    findByCode: (code: string) => get(normalizeDatasetCode(code)),

    update: (id: string, entry: CatalogEntry) =>
      session.run((state) => {
        const row = existing(state, id);
        row.dataset = { ...row.dataset, ...copyEntry(entry) };
        return copyDataset(row.dataset);
      }),

    setStatus: (id: string, status: DatasetStatus) =>
      session.run((state) => {
        const row = existing(state, id);
        row.dataset = { ...row.dataset, status };
        return copyDataset(row.dataset);
      }),

    setLastUpdated: (id: string, on: LocalDate) =>
      session.run((state) => {
        const row = existing(state, id);
        row.dataset = { ...row.dataset, lastUpdatedOn: on };
        return copyDataset(row.dataset);
      }),

    setAttributeAssessed: (id: string, on: LocalDate) =>
      session.run((state) => {
        const row = existing(state, id);
        row.dataset = { ...row.dataset, attributeAssessedOn: on };
        return copyDataset(row.dataset);
      }),

    search: (query: DatasetSearch = {}) =>
      session.run((state) =>
        [...state.datasets.values()]
          .sort((a, b) => a.number - b.number)
          .map((row) => row.dataset)
          .filter((d) => query.status === undefined || d.status === query.status)
          .filter((d) => datasetMatchesWords(d, query.words ?? [], state.agencies.get(d.providerAgencyId)?.name ?? null))
          .map(copyDataset),
      ),
  };
}
