// The sharing attribute's rules (共享属性, Z13, B20), one place for the catalog entry that sets it (W1) and the change
// that sets it anew (W2S): shared on conditions, the conditions are listed (Z13 列明申请条件); on conditions or not at
// all, the basis in law, regulations or rules is recorded (Z13 注明…依据, B20 说明理由并提供相应的法律、行政法规依据);
// with none recorded, the data is shared unconditionally (B20 无法律、行政法规依据的，应当列入无条件共享类).
import { fail, type DomainError } from '../errors.ts';
import { askIf, field, type Field } from '../forms/form.ts';
import type { CatalogEntry, ShareAttribute } from '../model.ts';
import { blankToNull } from './raw-values.ts';

export type SharingOfEntry = Pick<CatalogEntry, 'sharing' | 'sharingConditions' | 'sharingBasis'>;

/**
 * The conditions and the basis, as form fields asked only when the attribute the form's `key` field names needs them:
 * `share_conditions` for conditional sharing, `share_basis` for conditional and not shared.
 */
export function sharingFields(key: string): { share_conditions: Field<string | null>; share_basis: Field<string | null> } {
  const chosen = (raw: Readonly<Record<string, string>>) => raw[key]?.trim().toLowerCase();
  return {
    share_conditions: askIf(field.text(), (raw) => chosen(raw) === 'conditional'),
    share_basis: askIf(field.text(), (raw) => chosen(raw) === 'conditional' || chosen(raw) === 'none'),
  };
}

/** The entry's sharing fields for the attribute, or why the conditions or the basis it needs are missing. */
export function sharingOf(sharing: ShareAttribute, conditions: string | null | undefined, basis: string | null | undefined): SharingOfEntry | DomainError {
  const listed = blankToNull(conditions);
  const cited = blankToNull(basis);
  if (sharing === 'conditional' && listed === null) return fail('SHARING_CONDITIONS_REQUIRED', undefined, 'share_conditions');
  if (sharing !== 'unconditional' && cited === null) return fail('SHARING_BASIS_REQUIRED', undefined, 'share_basis');
  return { sharing, sharingConditions: sharing === 'conditional' ? listed : null, sharingBasis: sharing === 'unconditional' ? null : cited };
}
