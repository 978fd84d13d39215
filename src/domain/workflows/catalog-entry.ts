// A dataset's catalog entry as it stands (S14: what the catalog lists of it), for a change to start from: the open
// attribute's (W2), the sharing attribute's (W2S), the catalog change's (W3).
import type { CatalogEntry, Dataset } from '../model.ts';

export function catalogEntryOf(ds: Dataset): CatalogEntry {
  return {
    name: ds.name,
    summary: ds.summary,
    fields: [...ds.fields],
    attribute: ds.attribute,
    conditions: ds.conditions,
    formats: [...ds.formats],
    dataType: ds.dataType,
    updateFrequency: ds.updateFrequency,
    sharing: ds.sharing,
    sharingConditions: ds.sharingConditions,
    sharingBasis: ds.sharingBasis,
  };
}
