// What a command names first: a dataset by its code, a case by its id.
export const DATASET_CODE = /^DS-\d+$/i;
export const CASE_ID = /^C-\d+$/i;
/** A grant of access to conditional data, `G-0001` (W10: `spotcheck G-0001`). */
export const GRANT_ID = /^G-\d+$/i;
