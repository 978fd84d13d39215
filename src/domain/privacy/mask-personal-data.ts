// Z29, Z31 (滕州办法): personal information such as ID card numbers (身份证号) and phone numbers is masked wherever a chat
// or an export shows it, so a screenshot of a reviewer's queue, a forwarded message or an exported file leaks no one's
// number. What was filed is kept whole in the store: only what is shown is masked.
//
// People type numbers in many shapes: full-width digits from a Chinese input method (１３８１２３４５６７８), grouped with
// spaces, dots, dashes or parentheses (138 1234 5678, 138.1234.5678, (138)1234-5678, 110101 19900307 7578), with a
// country prefix (+86, 0086, 86), glued to a word (IDNO110101…, 电话13812345678请回电), or the 15-digit resident ID
// issued before 1999. Every shape is looked for on a *shadow* of the text in which full-width characters, other dashes
// and the ideographic space read as their ASCII forms, one UTF-16 unit for one, so a match in the shadow sits at the
// same place in the text.
//
// What a match becomes (which digits stay visible depends on the kind of number, never on the shape it was typed in):
// - its *masked normalized form*: ASCII digits, the separators inside the number dropped, the hidden digits as stars;
//   so `１３８－１２３４－５６７８`, `138 1234 5678` and `138.1234.5678` all read `138****5678`, and
//   `110101 19900307 7578` reads `110101********7578`;
// - a country prefix stays as typed with what separates it (`+86 139 1234 5678` → `+86 139****5678`,
//   `0086-138-1234-5678` → `0086-138****5678`, `8613912345678` → `86139****5678`);
// - parentheses around the first group stay (`(138)1234-5678` → `(138)****5678`, `(0632)5518267` → `(0632)****267`);
// - a landline keeps its area code and the separator after it (`0538-6991234` → `0538-****234`).
// Masking is idempotent: a masked text has no digit run left that any shape matches.

/** Separators people put between the groups of a number (in the shadow): a space, a dot or a dash. */
const SEP = '[ .\\-]';

/** 18-digit resident ID (6-8-4, 6-4-4-4 or no groups): keep the region code (6) and the last 4, mask the birth date and sequence. */
const RESIDENT_ID = new RegExp(`(?<![0-9])(\\d{6})${SEP}?\\d{4}${SEP}?\\d{4}${SEP}?(\\d{3}[\\dXx])(?![0-9])`, 'g');

/**
 * 15-digit resident ID (before 1999: 6 region, YYMMDD, 3 sequence): keep the region code and the 3-digit sequence,
 * mask the birth date: `370902850612421` → `370902******421`. Only a plausible birth date counts, so that other
 * 15-digit numbers (old business registration numbers) are not taken for one.
 */
const OLD_RESIDENT_ID = new RegExp(
  `(?<![0-9])(\\d{6})${SEP}?\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])${SEP}?(\\d{3})(?![0-9Xx])`,
  'g',
);

/**
 * Mainland mobile numbers (3-4-4, any group separated or not), optionally with +86, 0086 or 86 in front: keep the
 * prefix as typed, the first 3 and the last 4.
 */
const MOBILE = new RegExp(
  `(?<![0-9])(?:(\\((?:\\+|00)86\\)|(?:\\+|00)86|86)(${SEP}?))?(\\(1[3-9]\\d\\)|1[3-9]\\d)${SEP}?\\d{4}${SEP}?(\\d{4})(?![0-9])`,
  'g',
);

/**
 * Landlines with an area code, e.g. 0538-6991234, 010 1234 5678, (0632)5518267, +86 10 12345678: keep the area code
 * (with its prefix, parentheses and separator as typed) and the last 3. Without parentheses the area code must be
 * followed by a separator: a bare 0-led digit run is not taken for a phone number.
 */
const LANDLINE = new RegExp(
  `(?<![0-9])((?:(?:\\+|00)86[ \\-]?[1-9]\\d{1,2}[ \\-])|\\(0\\d{2,3}\\)[ \\-]?|0\\d{2,3}[ \\-])\\d{3,4}[ \\-]?\\d(\\d{3})(?![0-9])`,
  'g',
);

/** Full-width forms (U+FF01–FF5E), dashes and wide spaces as the ASCII character each stands for. */
function shadowOf(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u2010-\u2015\u2212\u3000\u00A0]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    if (code === 0x3000 || code === 0x00a0) return ' ';
    return '-';
  });
}

/** Replaces every match of `pattern` found in the shadow of `text` with `replace(groups of the shadow match)`. */
function replaceInShadow(text: string, pattern: RegExp, replace: (m: RegExpExecArray) => string): string {
  const shadow = shadowOf(text);
  let out = '';
  let last = 0;
  for (const m of shadow.matchAll(pattern)) {
    out += text.slice(last, m.index) + replace(m);
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

export function maskPersonalData(text: string): string {
  let masked = replaceInShadow(text, RESIDENT_ID, (m) => `${m[1]}********${m[2]}`);
  masked = replaceInShadow(masked, OLD_RESIDENT_ID, (m) => `${m[1]}******${m[2]}`);
  masked = replaceInShadow(masked, MOBILE, (m) => `${m[1] ?? ''}${m[2] ?? ''}${m[3]}****${m[4]}`);
  return replaceInShadow(masked, LANDLINE, (m) => `${m[1]}****${m[2]}`);
}

/**
 * Whether `text` holds a number as this module masks it (`138****5678`, `370902********1234`, `0538-****234`): a form
 * sent back with a masked value in it would store the stars instead of the number.
 */
export function hasMaskedNumber(text: string): boolean {
  return /\*{4,}\d{3}/.test(text);
}

/**
 * A JSON-ready value with every string in it masked, for exports (`cases --json`, `audit --json`, `outbox --json`…).
 * Object keys are names the code chose and stay as they are; a Date becomes its ISO string, as JSON.stringify writes it.
 */
export function maskJson(value: unknown): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return maskJson((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return value.map(maskJson);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskJson(v)]));
}
