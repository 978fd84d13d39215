// The blocks kaifang posts in Slack: a notification (with Approve / Return / Reject on a task its reader owes), the
// same message once the case has moved on (who decided what, and when; no buttons), and the home tab.
import type { TaskButtons } from '../../application/chat/chat-core.ts';

type Block = Record<string, unknown>;

/** A button's action id is this and the action's verb (`kaifang_approve`). */
export const ACTION_PREFIX = 'kaifang_';

/** Slack refuses a whole view when one text is over its field's limit: cut, marked with an ellipsis. */
function fit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Formatted text (section bodies: 3,000 characters). */
export const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: fit(text, 3000) });
/** Plain text; `max` is the field's limit (button and option labels: 75). */
export const plain = (text: string, max = 75) => ({ type: 'plain_text', text: fit(text, max) });

/** An option of a select: its label (at most 75 characters), and the value a submission reads back. */
export const selectOption = (label: string, value: string) => ({ text: plain(label), value });

/** A button's value: the case and the version the message shows (a click on an old copy is refused politely). */
export function buttonValue(caseId: string, version: number): string {
  return `${caseId}@${version}`;
}

export function parseButtonValue(value: string): { caseId: string; version: number } | null {
  const m = /^(C-\d+)@(\d+)$/.exec(value);
  return m ? { caseId: m[1]!, version: Number(m[2]) } : null;
}

/** A notification; a task its reader owes carries the buttons of the actions they have on it now. */
export function notificationBlocks(text: string, task: TaskButtons | null): Block[] {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(text) }];
  if (task)
    blocks.push({
      type: 'actions',
      block_id: `task:${task.caseId}`,
      elements: task.actions.map((a) => ({
        type: 'button',
        action_id: `${ACTION_PREFIX}${a.verb}`,
        text: plain(a.label),
        value: buttonValue(task.caseId, task.version),
        ...(a.style === 'plain' ? {} : { style: a.style }),
      })),
    });
  return blocks;
}

/** What every copy of a task message becomes after a decision: the outcome, and no buttons left to click. */
export function decidedBlocks(outcome: string): Block[] {
  return [{ type: 'section', text: mrkdwn(outcome) }];
}

export interface HomeSection {
  title: string;
  lines: string[];
  empty: string;
}

export function homeView(title: string, sections: HomeSection[]): Block {
  const blocks: Block[] = [{ type: 'header', text: plain(title, 150) }];
  for (const s of sections) {
    blocks.push({ type: 'section', text: mrkdwn(`*${s.title}*`) });
    // Slack allows 100 blocks a view: the soonest 25 per section, the rest counted.
    const shown = s.lines.slice(0, 25);
    blocks.push({ type: 'section', text: mrkdwn(shown.length ? shown.join('\n') : s.empty) });
    if (s.lines.length > shown.length) blocks.push({ type: 'context', elements: [mrkdwn(`+${s.lines.length - shown.length}`)] });
    blocks.push({ type: 'divider' });
  }
  return { type: 'home', blocks };
}
