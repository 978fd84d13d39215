// What a command names first: a dataset by its code, a case by its id.
export const DATASET_CODE = /^DS-\d+$/i;
export const CASE_ID = /^C-\d+$/i;
