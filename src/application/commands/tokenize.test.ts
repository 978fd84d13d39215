import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.ts';

describe('tokenize', () => {
  it.each([
    ['approve C-0001', [['approve', null, 'approve'], ['C-0001', null, 'C-0001']]],
    ['不予通过 C-0001 法律依据="细则 第十五条"', [['不予通过', null, '不予通过'], ['C-0001', null, 'C-0001'], ['法律依据=细则 第十五条', '法律依据', '细则 第十五条']]],
    ['  spaced   out  ', [['spaced', null, 'spaced'], ['out', null, 'out']]],
    ['title="交通 流量" type=api', [['title=交通 流量', 'title', '交通 流量'], ['type=api', 'type', 'api']]],
    ["reason='a b'", [['reason=a b', 'reason', 'a b']]],
    ['标题=“公交 线路”', [['标题=公交 线路', '标题', '公交 线路']]],
    ['说明=「一 二」', [['说明=一 二', '说明', '一 二']]],
    ['basis=""', [['basis=', 'basis', '']]],
    ['period＝2027-06-30', [['period=2027-06-30', 'period', '2027-06-30']]],
    ['"a=b" c', [['a=b', null, 'a=b'], ['c', null, 'c']]],
    ['url=http://x?a=b', [['url=http://x?a=b', 'url', 'http://x?a=b']]],
    ['', []],
  ])('%s', (line, expected) => {
    const r = tokenize(line);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.tokens.map((t) => [t.text, t.key, t.value])).toEqual(expected);
  });

  it('refuses an unclosed quote', () => {
    expect(tokenize('title="open')).toEqual({ ok: false, error: 'UNCLOSED_QUOTE' });
    expect(tokenize('title=“open')).toEqual({ ok: false, error: 'UNCLOSED_QUOTE' });
  });
});
