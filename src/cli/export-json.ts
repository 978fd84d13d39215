// What `--json` prints: the value with every string in it masked (Z29, Z31), so an exported file carries no one's phone
// or ID number. The store keeps what was filed; an export is for reading and passing on.
import { maskJson } from '../domain/privacy/mask-personal-data.ts';

export function exportJson(value: unknown): string {
  return JSON.stringify(maskJson(value), null, 2);
}
