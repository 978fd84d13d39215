// Splits a chat line into words, honouring quotes so `title="交通 流量"` stays one value.
// Straight quotes and the Chinese ones people type on a phone keyboard (“…”, 「…」, ‘…’) all work.

const CLOSERS: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '「': '」', '‘': '’', '『': '』' };

export interface Token {
  /** The text with quotes removed. */
  text: string;
  /** The `key` of `key=value` (an unquoted `=` or `＝` in the word), else null. */
  key: string | null;
  value: string;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; error: 'UNCLOSED_QUOTE' };

const SPACE = /\s/;
const KEY = /^[\p{L}\p{N}_-]+$/u;

/** Whether `word` can be typed as the key of `key=value` (a label with a space cannot). */
export function isFieldKey(word: string): boolean {
  return KEY.test(word);
}

export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && SPACE.test(line[i]!)) i++;
    if (i >= line.length) break;
    let text = '';
    let key: string | null = null;
    let valueStart = 0;
    while (i < line.length && !SPACE.test(line[i]!)) {
      const ch = line[i]!;
      const closer = CLOSERS[ch];
      if (closer) {
        const end = line.indexOf(closer, i + 1);
        if (end < 0) return { ok: false, error: 'UNCLOSED_QUOTE' };
        text += line.slice(i + 1, end);
        i = end + 1;
        continue;
      }
      if ((ch === '=' || ch === '＝') && key === null && KEY.test(text)) {
        key = text;
        valueStart = text.length + 1;
        text += '=';
        i++;
        continue;
      }
      text += ch;
      i++;
    }
    tokens.push(key === null ? { text, key: null, value: text } : { text, key, value: text.slice(valueStart) });
  }
  return { ok: true, tokens };
}
