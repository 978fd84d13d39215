import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './mask-personal-data.ts';

describe('maskPersonalData (Z29, Z31)', () => {
  it.each([
    ['请致电 13812345678 联系', '请致电 138****5678 联系'],
    ['+86 139 1234 5678', '+86 139****5678'],
    ['8613912345678', '86139****5678'],
    ['身份证 370902199001011234', '身份证 370902********1234'],
    ['ID 37090219900101123X.', 'ID 370902********123X.'],
    ['办公室 0538-6991234', '办公室 0538-****234'],
    ['tel 010-12345678', 'tel 010-****678'],
  ])('masks %s', (input, masked) => {
    expect(maskPersonalData(input)).toBe(masked);
  });

  it.each([
    'C-0001 截止 2026-11-30',
    'DS-0002 公交客流刷卡明细',
    '2026-09-30 + 5 → 2026-10-13',
    '10 个工作日，合计不超过 30 个工作日',
    'AG-C-0001 协议',
    'order 123456',
  ])('leaves %s alone', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
});
