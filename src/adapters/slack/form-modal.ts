// A workflow's form as a Slack modal: each field's kind picks the input, its label and hint come from
// locales, and a submission is read back into the same raw strings the console collects one by one.
import type { FilledForm } from '../../application/commands/command-handler.ts';
import type { FormDefinition } from '../../domain/forms/form.ts';
import type { Translate } from '../../i18n/translator.ts';
import { maskPersonalData } from '../../domain/privacy/mask-personal-data.ts';
import { optionLabel } from '../../application/commands/form-text.ts';
import { mrkdwn, plain, selectOption } from './slack-blocks.ts';

/** The longest value Slack lets a plain-text input hold. */
const SLACK_INPUT_MAX = 3_000;

export const FORM_CALLBACK_ID = 'kaifang_form';

/** What a modal remembers between opening and submission (Slack's private_metadata, at most 3,000 characters). */
export interface ModalState {
  verb: string;
  formId: string;
  target: string | null;
  caseVersion: number | null;
  /** Where the pre-filled values as typed are kept (`FormPrefill`): the modal shows them masked. */
  prefill: string | null;
}

type Block = Record<string, unknown>;


function inputElement(form: FormDefinition<any>, name: string, typed: string | undefined, t: Translate): Block {
  const f = form.fields[name]!;
  // A pre-filled value goes to Slack masked (Z29, Z31), whoever built the form; FormPrefill gives back the value as typed.
  const given = typed === undefined ? undefined : maskPersonalData(typed);
  const action_id = name;
  // An option shows its label in the reader's language and carries its code, which is what the form parses.
  const option = (o: string) => selectOption(optionLabel(t, form, name, o), o);
  switch (f.kind) {
    case 'date':
      return { type: 'datepicker', action_id, ...(given ? { initial_date: given } : {}) };
    case 'choice': {
      const options = (f.options ?? []).map(option);
      const initial = options.find((o) => o.value.toLowerCase() === given?.toLowerCase());
      return { type: 'static_select', action_id, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'multi': {
      const options = (f.options ?? []).map(option);
      const chosen = (given ?? '').split(/[,，、;；\s]+/).map((x) => x.toLowerCase());
      const initial = options.filter((o) => chosen.includes(o.value.toLowerCase()));
      return { type: 'multi_static_select', action_id, options, ...(initial.length ? { initial_options: initial } : {}) };
    }
    case 'confirm':
      return { type: 'checkboxes', action_id, options: [{ text: plain(t('slack.confirm')), value: 'yes' }] };
    case 'flag':
      return { type: 'checkboxes', action_id, options: [{ text: plain(t(`forms.${form.id}.${name}.label`)), value: 'yes' }] };
    case 'count':
      return { type: 'number_input', action_id, is_decimal_allowed: false, min_value: '1', ...(given ? { initial_value: given } : {}) };
    case 'list':
    case 'text':
    default:
      return {
        type: 'plain_text_input',
        action_id,
        multiline: f.kind === 'list' || name === 'summary' || name === 'text',
        // The field's own limit, within the 3,000 characters Slack allows an input; the server checks it again.
        max_length: Math.min(f.maxLength, SLACK_INPUT_MAX),
        ...(given ? { initial_value: given } : {}),
      };
  }
}

/**
 * The modal for `filled`: one input block per field (block id = field name), required unless the form says not. Its
 * values are shown masked; `prefill` is where they are kept as typed.
 */
export function formModal(filled: FilledForm, form: FormDefinition<any>, t: Translate, subtitle: string | null, prefill: string | null = null): Block {
  const blocks: Block[] = [];
  if (subtitle) blocks.push({ type: 'section', text: mrkdwn(subtitle) });
  for (const name of form.order) {
    const f = form.fields[name]!;
    blocks.push({
      type: 'input',
      block_id: name,
      // A field asked only in some cases (askIf) is optional in the modal; the submission checks it.
      optional: f.optional || f.askIf !== undefined,
      label: plain(t(`forms.${form.id}.${name}.label`), 2000),
      hint: plain(t(`forms.${form.id}.${name}.hint`), 2000),
      element: inputElement(form, name, filled.values[name], t),
    });
  }
  const state: ModalState = { verb: filled.verb, formId: filled.formId, target: filled.target, caseVersion: filled.caseVersion, prefill };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(state),
    title: plain(t(`forms.${form.id}._title`), 24),
    submit: plain(t('slack.submit'), 24),
    close: plain(t('slack.cancel'), 24),
    blocks,
  };
}

interface StateValue {
  type: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/** A submission's `view.state.values` as the raw strings the form parser reads. */
export function readModalValues(values: Record<string, Record<string, StateValue>>): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const v = Object.values(actions)[0];
    if (!v) continue;
    let text: string | null | undefined;
    switch (v.type) {
      case 'datepicker':
        text = v.selected_date;
        break;
      case 'static_select':
        text = v.selected_option?.value;
        break;
      case 'multi_static_select':
        text = (v.selected_options ?? []).map((o) => o.value).join(',');
        break;
      case 'checkboxes':
        text = (v.selected_options ?? []).length > 0 ? 'yes' : '';
        break;
      default:
        text = v.value;
    }
    if (text !== null && text !== undefined && text !== '') raw[blockId] = text;
  }
  return raw;
}

export function parseModalState(privateMetadata: string): ModalState | null {
  try {
    const s = JSON.parse(privateMetadata) as Partial<ModalState>;
    if (typeof s.verb !== 'string' || typeof s.formId !== 'string') return null;
    return {
      verb: s.verb,
      formId: s.formId,
      target: s.target ?? null,
      caseVersion: typeof s.caseVersion === 'number' ? s.caseVersion : null,
      prefill: typeof s.prefill === 'string' ? s.prefill : null,
    };
  } catch {
    return null;
  }
}
