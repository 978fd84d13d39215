// Z29, Z31 (滕州办法): personal information such as ID card numbers (身份证号) and phone numbers is masked wherever a chat
// shows it, so a screenshot of a reviewer's queue or a forwarded message leaks no one's number.

/** 18-digit resident ID: keep the region code (6) and the last 4, mask the birth date and sequence. */
const RESIDENT_ID = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
/** Mainland mobile numbers, optionally with +86: keep the first 3 and the last 4. */
const MOBILE = /(?<![0-9])((?:\+?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?![0-9])/g;
/** Landlines with an area code, e.g. 0538-1234567 or 010-12345678: keep the area code and the last 3. */
const LANDLINE = /(?<![0-9])(0\d{2,3}-)\d{4,5}(\d{3})(?![0-9])/g;

export function maskPersonalData(text: string): string {
  return text.replace(RESIDENT_ID, '$1********$2').replace(MOBILE, '$1****$2').replace(LANDLINE, '$1****$2');
}
