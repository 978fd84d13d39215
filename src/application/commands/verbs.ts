// The command words: English verbs with Chinese aliases (one table, shared by every chat adapter).

export const VERBS = {
  help: ['帮助', '?', '？'],
  datasets: ['目录'],
  submit: ['发布'],
  apply: ['申请'],
  object: ['异议'],
  status: ['进度'],
  mine: ['我的'],
  queue: ['待办'],
  approve: ['通过'],
  return: ['退回'],
  reject: ['驳回'],
  extend: ['延期'],
  resubmit: ['补正', '重新提交'],
  nudge: ['催办'],
  reassign: ['转办'],
  overdue: ['超期'],
  delegate: ['委托'],
  digest: ['摘要'],
  why: ['时限'],
  lang: ['语言'],
  cancel: ['取消'],
} as const satisfies Record<string, readonly string[]>;

export type Verb = keyof typeof VERBS;

const BY_WORD = new Map<string, Verb>();
for (const [verb, aliases] of Object.entries(VERBS) as [Verb, readonly string[]][]) {
  BY_WORD.set(verb, verb);
  for (const a of aliases) BY_WORD.set(a, verb);
}

/** `Approve`, `/approve` and `通过` all name the same verb. */
export function resolveVerb(word: string): Verb | null {
  return BY_WORD.get(word.replace(/^\//, '').toLowerCase()) ?? null;
}
