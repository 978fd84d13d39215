// What people type may carry terminal escapes (ANSI colours, OSC titles and links), NUL and other control characters,
// or bidirectional overrides that make a text read differently from what it stores. None of it belongs in a case:
// it is stripped from everything stored and everything shown. Line breaks stay; a tab becomes a space.

/** CSI sequences (ESC [ … final byte), e.g. colours and cursor moves. */
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
/** OSC sequences (ESC ] … BEL or ESC \), e.g. window titles and hyperlinks. */
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
/** Any other escape: ESC and the one character after it. */
const ESC = /\u001b[\s\S]?/g;
/** C0 controls but line feed and carriage return, DEL, the C1 controls. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Bidirectional embeddings, overrides and isolates (U+202A–202E, U+2066–2069), and the RTL/LTR marks. */
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripControls(text: string): string {
  return text.replace(OSC, '').replace(CSI, '').replace(ESC, '').replace(/\t/g, ' ').replace(CONTROLS, '').replace(BIDI, '');
}
