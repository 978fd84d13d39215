// The operator's profile file (KAIFANG_PROFILE_FILE): a city amends a value of its profile — a clock, a limit, or
// drops an optional step — without a release, and says where each new value comes from. Line-oriented so that every
// mistake is reported as `line N: …` (English, technical, for operators; the caller prefixes the file).
//
//   # comment                                            (a `#` after whitespace also starts a comment)
//   W5.provider_review 15 市政府令第3号 第十二条             (working days, then the source: required)
//   W7.max_total 20 市大数据局通知〔2026〕5号               (a limit)
//   W5.formal_review none 本市有条件开放申请不设形式审核      (an optional step the city does not have)
//   W12.filing_due 04-15 市大数据局通知〔2027〕1号           (a date of every year, MM-DD)
import type { PolicyProfile, ProfileStep } from './policy-profile.ts';
import { deepFreeze } from './profiles.ts';

export type ProfileOverride =
  | { line: number; key: string; kind: 'days'; value: number; source: string }
  | { line: number; key: string; kind: 'none'; source: string }
  | { line: number; key: string; kind: 'date'; monthDay: string; source: string };

export type ParseProfileFileResult = { ok: true; overrides: ProfileOverride[] } | { ok: false; line: number; message: string };

/** What the file may change: the workflows' steps (which may be left out), as the registry declares them. */
export interface OverridableWorkflows {
  /** The steps with a clock of `workflow`, and whether a city may not have each. */
  steps(workflow: string): readonly { state: string; optional: boolean }[] | undefined;
}

const LINE = /^(\S+)\s+(\S+)(?:\s+(.+))?$/;
const MAX_DAYS = 365;

function stripComment(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed.startsWith('#')) return '';
  const hash = trimmed.search(/\s#/);
  return (hash === -1 ? trimmed : trimmed.slice(0, hash)).trim();
}

export function parseProfileFile(text: string): ParseProfileFileResult {
  const overrides: ProfileOverride[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    const content = stripComment(lines[i]!);
    if (content === '') continue;
    const m = LINE.exec(content);
    if (!m) return { ok: false, line, message: `expected "<workflow>.<step or limit> <working days|none> <source>", got "${content}"` };
    const [, key, value, source] = m as unknown as [string, string, string, string | undefined];
    if (!/^W\d+[A-Z]?\.\w+$/.test(key)) return { ok: false, line, message: `"${key}" is not a profile value (expected e.g. W5.provider_review or W7.max_total)` };
    if (!source?.trim()) return { ok: false, line, message: `${key}: give the source of the new value after it (the article or document), e.g. "${key} ${value} 市政府令第3号 第十二条"` };
    const earlier = seen.get(key);
    if (earlier !== undefined) return { ok: false, line, message: `${key} is already set on line ${earlier}` };
    seen.set(key, line);
    if (value.toLowerCase() === 'none') {
      overrides.push({ line, key, kind: 'none', source: source.trim() });
      continue;
    }
    if (/^\d{2}-\d{2}$/.test(value)) {
      const [month, day] = value.split('-').map(Number) as [number, number];
      // A day every year has: no 29 February.
      const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
      if (days === undefined || day < 1 || day > days) return { ok: false, line, message: `${key}: "${value}" is not a day of every year (MM-DD)` };
      overrides.push({ line, key, kind: 'date', monthDay: value, source: source.trim() });
      continue;
    }
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_DAYS)
      return { ok: false, line, message: `${key}: "${value}" is not a whole number from 1 to ${MAX_DAYS} (or none to leave an optional step out)` };
    overrides.push({ line, key, kind: 'days', value: Number(value), source: source.trim() });
  }
  return { ok: true, overrides };
}

export type ApplyOverridesResult = { ok: true; profile: PolicyProfile } | { ok: false; line: number; message: string };

/**
 * The profile with the file's values: a step's days (and its clock's source), a pending clock, a limit, a date, an optional
 * step left out — or put in, taking the default profile's actor and kind. Anything else names its line.
 */
export function applyOverrides(base: PolicyProfile, overrides: readonly ProfileOverride[], workflows: OverridableWorkflows, fallback: PolicyProfile): ApplyOverridesResult {
  const steps: Record<string, ProfileStep[]> = Object.fromEntries(Object.entries(base.steps).map(([w, s]) => [w, s.map((x) => ({ ...x }))]));
  const clocks: Record<string, number> = { ...base.clocks };
  const clockSources: Record<string, string> = { ...base.clockSources };
  const limits = { ...base.limits };
  const dates = { ...base.dates };
  for (const o of overrides) {
    if (o.kind === 'date') {
      if (!Object.hasOwn(dates, o.key)) return { ok: false, line: o.line, message: `${o.key} is not a date of the profile "${base.id}"` };
      dates[o.key] = { monthDay: o.monthDay, source: o.source };
      continue;
    }
    const [workflow, name] = o.key.split('.') as [string, string];
    const declared = workflows.steps(workflow)?.find((s) => s.state === name);
    if (declared) {
      const list = (steps[workflow] ??= []);
      const at = list.findIndex((s) => s.state === name);
      if (o.kind === 'none') {
        if (!declared.optional) return { ok: false, line: o.line, message: `${o.key}: this step cannot be left out; give its working days` };
        if (at !== -1) list.splice(at, 1);
        delete clocks[o.key];
        continue;
      }
      if (at !== -1) list[at] = { ...list[at]!, workingDays: o.value, clockSource: o.source };
      else {
        const template = fallback.steps[workflow]?.find((s) => s.state === name);
        if (!template) return { ok: false, line: o.line, message: `${o.key}: no profile describes this step to add it` };
        // Put back where the workflow's own order has it.
        const order = workflows.steps(workflow)!.map((s) => s.state);
        const step = { ...template, workingDays: o.value, source: o.source, clockSource: o.source };
        const before = list.findIndex((s) => order.indexOf(s.state) > order.indexOf(name));
        list.splice(before === -1 ? list.length : before, 0, step);
      }
      clocks[o.key] = o.value;
      continue;
    }
    if (o.kind === 'none') return { ok: false, line: o.line, message: `${o.key}: only an optional step can be left out (none)` };
    if (Object.hasOwn(limits, o.key)) limits[o.key] = { value: o.value, source: o.source };
    else if (Object.hasOwn(clockSources, o.key)) {
      clocks[o.key] = o.value;
      clockSources[o.key] = o.source;
    } else return { ok: false, line: o.line, message: `${o.key} is not a step, clock or limit of the profile "${base.id}"` };
  }
  return { ok: true, profile: deepFreeze({ ...base, steps, clocks, clockSources, limits, dates }) };
}
