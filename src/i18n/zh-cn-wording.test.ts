// Chinese an official would sign: the words of locales/zh-CN are those of the regulations. A matter is a
// 事项 (or the workflow's own noun: 申请、异议), never 案件, which reads as litigation; a refusal is 不予通过 or
// 不同意开放 (泰安细则第十五条、苏州细则第二十条), never 驳回; the supervisor is the 督办人, and 主管 alone is ambiguous
// (主管部门, the authority, is fine); a choice is read in Chinese, a code such as CSV aside.
import { describe, expect, it } from 'vitest';
import { loadDictionaries } from './load-locales.ts';

const zh = Object.entries(loadDictionaries()['zh-CN']);

/** The keys whose value holds `pattern`, so a failure lists each line to fix. */
const holding = (pattern: RegExp) => zh.filter(([, value]) => pattern.test(value)).map(([key]) => key);

describe('zh-CN wording', () => {
  it('has strings to check', () => {
    expect(zh.length).toBeGreaterThan(300);
  });

  it('never calls a matter 案件', () => {
    expect(holding(/案件/)).toEqual([]);
  });

  it('never refuses with 驳回', () => {
    expect(holding(/驳回/)).toEqual([]);
  });

  it('never says 主管 but for 主管部门', () => {
    expect(holding(/主管(?!部门)/)).toEqual([]);
  });

  it('shows every choice in Chinese, a code (CSV, API) aside', () => {
    const options = zh.flatMap(([key, label]) => {
      const m = /^forms\.[^.]+\.[^.]+\.options\.(.+)$/.exec(key);
      return m ? [{ key, code: m[1]!, label }] : [];
    });
    expect(options.length).toBeGreaterThan(0);
    // Latin-only is a code only when it is the value's own upper-case code (a format such as CSV).
    const latinOnly = options.filter(({ code, label }) => /^[\p{Script=Latin}\p{N}\p{P}\p{Zs}]*$/u.test(label) && !(label === code && /^[A-Z0-9-]+$/.test(code)));
    expect(latinOnly.map(({ key }) => key)).toEqual([]);
  });
});
