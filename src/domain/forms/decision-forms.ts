// What a reviewer gives with each decision. Labels: locales forms.<id>.<field>.
import { defineForm, field, optional } from './form.ts';

export const approveForm = defineForm('approve', { note: optional(field.text()) });
/** 一次性告知: every reason at once. */
export const returnForm = defineForm('return', { reasons: field.list() });
/** T15, S20: a refusal cites its legal basis. */
export const rejectForm = defineForm('reject', { basis: field.text(), reason: optional(field.text()) });
/**
 * S10: a complex case may be extended, 经开放主体与利用主体协商沟通 and with the authority's approval, to 30 wd at most in
 * all; the request gives the days and why, confirms the consultation and says what was agreed.
 */
export const extendForm = defineForm('extend', { days: field.count(25), reason: field.text(), consulted: field.confirm(), agreed: field.text() });
