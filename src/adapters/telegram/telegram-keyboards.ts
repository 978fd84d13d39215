// The inline keyboards kaifang puts under its Telegram messages, and the callback data their buttons carry. Telegram
// gives a button 64 bytes of data: a task button names its action, case and the case version it was shown at (a
// press on an older version is refused as "already decided"); a form button names the question it answers, so a
// press on a question already answered is not taken as the answer to the next one.
import type { AwaitedAnswer } from '../../application/commands/command-handler.ts';
import type { TaskButtons } from '../../application/chat/chat-core.ts';
import type { Translate } from '../../i18n/translator.ts';

/** Telegram's limit on a button's callback data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export interface InlineButton {
  text: string;
  callback_data: string;
}

export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

/** The summary's own answers: the field name no form has. */
export const SUMMARY = '@';

export type Pressed =
  | { kind: 'task'; action: string; caseId: string; version: number }
  | { kind: 'form'; field: string; value: string };

const SEPARATOR = '|';

function data(...parts: string[]): string {
  const joined = parts.join(SEPARATOR);
  // Every part is ours (a verb, a case id, a field name, an option code): too long is a programming error.
  if (Buffer.byteLength(joined, 'utf8') > CALLBACK_DATA_MAX_BYTES) throw new Error(`callback data over ${CALLBACK_DATA_MAX_BYTES} bytes: ${joined}`);
  return joined;
}

export function parseCallbackData(raw: string): Pressed | null {
  const parts = raw.split(SEPARATOR);
  if (parts[0] === 't' && parts.length === 4) {
    const version = Number(parts[3]);
    if (!/^[a-z_]+$/.test(parts[1]!) || !/^C-\d{4,}$/.test(parts[2]!) || !Number.isSafeInteger(version) || version < 0) return null;
    return { kind: 'task', action: parts[1]!, caseId: parts[2]!, version };
  }
  if (parts[0] === 'f' && parts.length === 3 && parts[1] !== '' && parts[2] !== '') return { kind: 'form', field: parts[1]!, value: parts[2]! };
  return null;
}

/** A task message's buttons: one per action the reader may take, two to a row. */
export function taskKeyboard(task: TaskButtons): InlineKeyboard {
  const buttons = task.actions.map((a) => ({ text: a.label, callback_data: data('t', a.verb, task.caseId, String(task.version)) }));
  return { inline_keyboard: rows(buttons, 2) };
}

/** The buttons for what a form waits for: a choice's options, a confirmation's yes, or the summary's three answers. */
export function formKeyboard(t: Translate, awaited: AwaitedAnswer | null): InlineKeyboard | null {
  if (!awaited) return null;
  if (awaited.kind === 'confirmation')
    return {
      inline_keyboard: [
        [
          { text: t('telegram.submit'), callback_data: data('f', SUMMARY, 'yes') },
          { text: t('telegram.edit'), callback_data: data('f', SUMMARY, 'edit') },
          { text: t('telegram.cancel'), callback_data: data('f', SUMMARY, 'no') },
        ],
      ],
    };
  if (awaited.choices.length === 0) return null;
  return { inline_keyboard: rows(awaited.choices.map((c) => ({ text: c.label, callback_data: data('f', awaited.field, c.value) })), 3) };
}

function rows<T>(items: T[], perRow: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) out.push(items.slice(i, i + perRow));
  return out;
}
