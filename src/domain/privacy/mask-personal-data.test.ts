import { describe, expect, it } from 'vitest';
import { hasMaskedNumber, maskJson, maskPersonalData } from './mask-personal-data.ts';

/** The digits of `text` alone, full-width read as ASCII: what a reader could still make of a number. */
function digitsOf(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[^0-9Xx]/g, '');
}

// [what is typed, what is shown, the raw number it carries (digits only)]
const MASKED: [string, string, string][] = [
  // The shapes masked before, with the outputs other tests rely on.
  ['请致电 13812345678 联系', '请致电 138****5678 联系', '13812345678'],
  ['+86 139 1234 5678', '+86 139****5678', '13912345678'],
  ['8613912345678', '86139****5678', '13912345678'],
  ['身份证 370902199001011234', '身份证 370902********1234', '370902199001011234'],
  ['ID 37090219900101123X.', 'ID 370902********123X.', '37090219900101123X'],
  ['办公室 0538-6991234', '办公室 0538-****234', '05386991234'],
  ['tel 010-12345678', 'tel 010-****678', '01012345678'],
  // Mobile numbers: alone, at the start, the end, glued to Chinese or Latin text.
  ['13812345678', '138****5678', '13812345678'],
  ['13812345678 请回电', '138****5678 请回电', '13812345678'],
  ['请回电 15867352914', '请回电 158****2914', '15867352914'],
  ['电话13812345678请回电', '电话138****5678请回电', '13812345678'],
  ['tel13812345678', 'tel138****5678', '13812345678'],
  ['请回电13812345678.', '请回电138****5678.', '13812345678'],
  ['reasons: ["联系 18603779251"]', 'reasons: ["联系 186****9251"]', '18603779251'],
  // Full-width digits and separators, as a Chinese input method types them: shown in the masked normalized form.
  ['１３８１２３４５６７８', '138****5678', '13812345678'],
  ['联系人：１３８１２３４５６７８。', '联系人：138****5678。', '13812345678'],
  ['１３８－１２３４－５６７８', '138****5678', '13812345678'],
  ['１３８　１２３４　５６７８请回电', '138****5678请回电', '13812345678'],
  ['（１３８）１２３４５６７８', '(138)****5678', '13812345678'],
  // Grouped with spaces, dashes, dots or parentheses.
  ['138 1234 5678', '138****5678', '13812345678'],
  ['请拨 138-1234-5678 找王老师', '请拨 138****5678 找王老师', '13812345678'],
  ['138.1234.5678', '138****5678', '13812345678'],
  ['(138)1234-5678', '(138)****5678', '13812345678'],
  ['1381234 5678', '138****5678', '13812345678'],
  ['138–1234–5678', '138****5678', '13812345678'],
  // Country prefixes: kept as typed, with what separates them.
  ['+86 138 1234 5678', '+86 138****5678', '13812345678'],
  ['+8613812345678', '+86138****5678', '13812345678'],
  ['0086-138-1234-5678', '0086-138****5678', '13812345678'],
  ['008613812345678', '0086138****5678', '13812345678'],
  ['(+86)13812345678', '(+86)138****5678', '13812345678'],
  ['＋８６ １３８ １２３４ ５６７８', '+86 138****5678', '13812345678'],
  ['手机：+86-138-1234-5678，工作日可打', '手机：+86-138****5678，工作日可打', '13812345678'],
  // 18-digit resident IDs: glued prefixes, groups, X.
  ['身份证370902199001011234', '身份证370902********1234', '370902199001011234'],
  ['IDNO110101199003077578', 'IDNO110101********7578', '110101199003077578'],
  ['110101 19900307 7578', '110101********7578', '110101199003077578'],
  ['证件号 110101-1990-0307-7578 已核验', '证件号 110101********7578 已核验', '110101199003077578'],
  ['身份证号11010119900307757x号', '身份证号110101********757x号', '11010119900307757x'],
  ['１１０１０１１９９００３０７７５７Ｘ', '110101********757X', '11010119900307757X'],
  // The 15-digit ID issued before 1999: region code and sequence kept, birth date masked.
  ['370902850612421', '370902******421', '370902850612421'],
  ['旧身份证 370902 850612 421 已作废', '旧身份证 370902******421 已作废', '370902850612421'],
  ['IDNO370902850612421', 'IDNO370902******421', '370902850612421'],
  // Landlines: area code (with parentheses or a prefix as typed) and the last 3.
  ['(0632)5518267', '(0632)****267', '06325518267'],
  ['滕州市局（０６３２）５５１８２６７转', '滕州市局(0632)****267转', '06325518267'],
  ['０６３２－５５１８２６７', '0632-****267', '06325518267'],
  ['010 1234 5678', '010 ****678', '01012345678'],
  ['+86 10 12345678', '+86 10 ****678', '1012345678'],
  // Several in one text.
  ['电话13812345678，身份证110101199003077578', '电话138****5678，身份证110101********7578', '13812345678'],
];

/** Each new shape at the start, in the middle and at the end of a sentence, Chinese glued to it on either side. */
const SHAPES: [string, string][] = [
  ['１３８１２３４５６７８', '138****5678'],
  ['１３８－１２３４－５６７８', '138****5678'],
  ['138 1234 5678', '138****5678'],
  ['138.1234.5678', '138****5678'],
  ['(138)1234-5678', '(138)****5678'],
  ['+86 138 1234 5678', '+86 138****5678'],
  ['0086-138-1234-5678', '0086-138****5678'],
  ['110101 19900307 7578', '110101********7578'],
  ['11010119900307757X', '110101********757X'],
  ['370902850612421', '370902******421'],
  ['（０６３２）５５１８２６７', '(0632)****267'],
];
const IN_SENTENCES: [string, string][] = SHAPES.flatMap(([typed, masked]) => [
  [`${typed}请回电`, `${masked}请回电`],
  [`王先生${typed}请回电`, `王先生${masked}请回电`],
  [`材料不全，请联系${typed}`, `材料不全，请联系${masked}`],
]);

const LEFT_ALONE = [
  'C-0001 截止 2026-11-30',
  'DS-0002 公交客流刷卡明细',
  '2026-09-30 + 5 → 2026-10-13',
  '10 个工作日，合计不超过 30 个工作日',
  'AG-C-0001 协议',
  'order 123456',
  '已授权：DS-0002 使用至 2027-06-30（《公共数据开放利用协议》AG-C-0001）',
  'grant G-0001 until 2027-06-30',
  '2026-11-23T02:00:00.000Z',
  'at 2026-11-23 10:00, next attempt 2026-11-24 09:00',
  'C-0001 · 有条件开放数据申请 · 形式审核 · DS-0002 公交客流刷卡明细 · 截止 2026-11-30（暂定）',
  'extended by 5 working days to 2026-12-07; 25 remaining',
  'kaifang 0.1.0 on node 20.12.2, vitest 4.1.12',
  'working hours 09:00-17:30',
  '（3/7）请填写「用途」',
  'slack ts 1700000000.000100',
  // A 15-digit number whose middle is no birth date (month 13) is not an old resident ID.
  'registration 370902851332421',
  '#12 attempts 3, retry after 2000 ms',
];

describe('maskPersonalData (Z29, Z31)', () => {
  it(`has at least 30 masked variants (${MASKED.length})`, () => {
    expect(MASKED.length).toBeGreaterThanOrEqual(30);
  });

  it.each(MASKED)('masks %s', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it.each(MASKED)('leaves no trace of the number in %s and masks it only once', (input, _masked, raw) => {
    const shown = maskPersonalData(input);
    expect(digitsOf(shown)).not.toContain(raw);
    expect(maskPersonalData(shown)).toBe(shown);
  });

  it.each(IN_SENTENCES)('masks %s wherever it stands', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it.each(LEFT_ALONE)('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('hasMaskedNumber', () => {
  it.each(MASKED)('finds the masked number in what %s becomes', (input) => {
    expect(hasMaskedNumber(maskPersonalData(input))).toBe(true);
  });

  it.each(LEFT_ALONE)('finds none in %s', (text) => {
    expect(hasMaskedNumber(text)).toBe(false);
  });
});

describe('maskJson', () => {
  it('masks every string at every depth, and leaves keys, numbers, booleans and nulls as they are', () => {
    const value = {
      seq: 3,
      ok: true,
      none: null,
      at: new Date('2026-11-23T02:00:00.000Z'),
      detail: { reasons: ['联系 13812345678', '身份证 110101199003077578'], note: '（０６３２）５５１８２６７' },
      '13812345678': 'key stays',
    };
    expect(maskJson(value)).toEqual({
      seq: 3,
      ok: true,
      none: null,
      at: '2026-11-23T02:00:00.000Z',
      detail: { reasons: ['联系 138****5678', '身份证 110101********7578'], note: '(0632)****267' },
      '13812345678': 'key stays',
    });
  });

  it('writes the same JSON as the value when nothing in it is personal', () => {
    const value = [{ id: 'C-0001', dueOn: '2026-11-30', at: new Date('2026-11-23T02:00:00.000Z'), version: 2 }];
    expect(JSON.stringify(maskJson(value))).toBe(JSON.stringify(value));
  });
});
