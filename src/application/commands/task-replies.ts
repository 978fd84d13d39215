// The people side of deadlines in chat: nudge 催办, reassign 转办, overdue 超期, delegate 委托, digest 摘要,
// and the queue that includes the tasks a person holds as someone's delegate. Parsing and wording only: every rule
// lives in TaskService.
import type { Channel, LocalDate, User } from '../../domain/model.ts';
import { countWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { Translate } from '../../i18n/translator.ts';
import type { CaseService } from '../case-service.ts';
import type { CaseQueries } from '../case-queries.ts';
import type { TaskService } from '../task-service.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Store } from '../ports/store.ts';
import { standIn } from '../reminders/addressees.ts';
import { lateDatasets } from '../../domain/duties/freshness-duty.ts';
import { cityCatalog } from '../city-datasets.ts';
import { fail } from '../../domain/errors.ts';
import { caseLine, dueByText, errorText, formatInstant } from './render.ts';
import { CASE_ID } from './targets.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface TaskRepliesDeps {
  store: Pick<Store, 'agencies' | 'datasets' | 'delegations' | 'users'>;
  service: CaseService;
  queries: CaseQueries;
  tasks: TaskService;
  calendar: WorkingCalendar;
  timeZone: string;
  /** `delegate off`, `委托 取消`; the word between two dates (`至`); digest on and off. */
  vocabulary: Vocabulary;
}


/** `2026/11/24` and `2026.11.24` as `2026-11-24`; anything else unchanged (and refused later if it is not a date). */
function normalizeDate(word: string): string {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(word);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : word;
}

const byDeadline = (a: CaseRecord, b: CaseRecord) =>
  (a.deadline?.dueOn ?? '9999').localeCompare(b.deadline?.dueOn ?? '9999') || a.id.localeCompare(b.id, 'en', { numeric: true });

export function createTaskReplies(deps: TaskRepliesDeps) {
  const { store, service, queries, tasks, calendar, timeZone, vocabulary } = deps;

  const usage = (t: Translate, verb: string) => [t('commands.usage', { usage: t(`commands.help.${verb}`) })];

  async function nameOf(userId: string): Promise<string> {
    return (await store.users.get(userId))?.name ?? userId;
  }

  async function agencyName(agencyId: string): Promise<string> {
    return (await store.agencies.get(agencyId))?.name ?? agencyId;
  }

  /** An agency, and the named person when the step was reassigned to one (`市交通运输局（Bob 陈波）`). */
  async function ownerText(t: Translate, c: CaseRecord): Promise<string> {
    const agency = await agencyName(c.assignee!.agencyId);
    return c.assignee!.userId ? t('commands.agencyPeople', { agency, names: await nameOf(c.assignee!.userId) }) : agency;
  }

  const subjectOf = (c: CaseRecord): string | null => service.workflows.get(c.workflow)?.subject?.(c.data) ?? null;

  async function lineOf(t: Translate, c: CaseRecord, today: LocalDate): Promise<string> {
    const dataset = c.datasetId ? await store.datasets.get(c.datasetId) : null;
    const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(calendar, c.deadline.dueOn, today) : 0;
    return caseLine(t, c, { dataset, subject: subjectOf(c), today, overdueDays });
  }

  // ---------- 催办 ----------

  /** The applicant learns which agency was reminded; a supervisor also learns who, to follow up in person. */
  async function nudge(user: User, t: Translate, channel: Channel, words: string[]): Promise<string[]> {
    const [caseId, ...extra] = words;
    if (!caseId || extra.length > 0 || !CASE_ID.test(caseId)) return usage(t, 'nudge');
    const result = await tasks.nudge(user, caseId, channel);
    if (!result.ok) return [errorText(t, result)];
    const { record, deliverAt, recipients } = result.value;
    const agency = await agencyName(record.assignee!.agencyId);
    if (recipients.length === 0) return [t('commands.nudgedNobody', { caseId: record.id, agency })];
    const staff = record.applicantId !== user.id;
    const names = staff ? (await Promise.all(recipients.map(nameOf))).join(t('commands.listSeparator')) : null;
    const to = names ? t('commands.agencyPeople', { agency, names }) : agency;
    // Outside working hours the message waits for the next window: say when it will arrive.
    return deliverAt.getTime() <= service.now().getTime()
      ? [t('commands.nudged', { caseId: record.id, to })]
      : [t('commands.nudgedLater', { caseId: record.id, to, at: formatInstant(deliverAt, timeZone) })];
  }

  // ---------- 转办 ----------

  async function reassign(user: User, t: Translate, channel: Channel, words: string[]): Promise<string[]> {
    const [caseId, targetId, ...extra] = words;
    if (!caseId || !targetId || extra.length > 0 || !CASE_ID.test(caseId)) return usage(t, 'reassign');
    if (!(await store.users.get(targetId))) return [t('commands.noSuchUser', { user: targetId })];
    const result = await tasks.reassign(user, caseId, targetId, channel);
    if (!result.ok) return [errorText(t, result)];
    const { record, target } = result.value;
    return [
      t('commands.reassigned', {
        caseId: record.id,
        name: target.name,
        agency: await agencyName(record.assignee!.agencyId),
        dueBy: record.deadline ? dueByText(t, record.deadline) : '—',
      }),
    ];
  }

  // ---------- 超期 ----------

  async function overdue(user: User, t: Translate): Promise<string[]> {
    const result = await tasks.overdue(user);
    if (!result.ok) return [errorText(t, result)];
    if (result.value.length === 0) return [t('commands.overdueEmpty')];
    const today = service.today();
    const lines = [t('commands.overdueHeader', { count: result.value.length })];
    for (const { record, overdueDays } of result.value) {
      const dataset = record.datasetId ? await store.datasets.get(record.datasetId) : null;
      lines.push(`${caseLine(t, record, { dataset, subject: subjectOf(record), today, overdueDays })} · ${await ownerText(t, record)}`);
    }
    return [lines.join('\n')];
  }

  // ---------- 待更新 ----------

  /**
   * `stale`: the datasets whose update is late (W13, T12), longest late first: a provider's staff see their agency's,
   * the authority's staff and operators all; each with the open W13 case that asks for it.
   */
  async function stale(user: User, t: Translate): Promise<string[]> {
    const agency = user.agencyId ? await store.agencies.get(user.agencyId) : null;
    const staff = user.roles.includes('reviewer') || user.roles.includes('supervisor');
    const everything = user.roles.includes('operator') || (staff && agency?.kind === 'authority');
    if (!everything && !(staff && agency)) return [errorText(t, fail('FORBIDDEN_ROLE', { role: 'reviewer' }))];
    // A higher level's data is updated at its level (Z15): not the city's to chase.
    const published = (await cityCatalog(store)).datasets;
    const mine = everything ? published : published.filter((d) => d.providerAgencyId === agency!.id);
    const late = lateDatasets(mine, service.today());
    if (late.length === 0) return [t('commands.staleEmpty')];
    const lines = [t('commands.staleHeader', { count: late.length })];
    for (const { dataset, dueOn, daysLate } of late) {
      const open = await service.openCaseFor(dataset.id, 'updated');
      const line = t('commands.staleLine', {
        datasetCode: dataset.code,
        datasetName: dataset.name,
        agency: await agencyName(dataset.providerAgencyId),
        frequency: t(`forms.w1.frequency.options.${dataset.updateFrequency}`),
        lastUpdatedOn: dataset.lastUpdatedOn ?? '—',
        dueOn,
        days: daysLate,
      });
      lines.push(open ? `${line} · ${open.id}` : line);
    }
    return [lines.join('\n')];
  }

  // ---------- 委托 ----------

  /** `delegate <user> [<from>] <to>`: without `from`, from today. */
  function parseRange(words: string[], today: LocalDate): { from: string; to: string } | null {
    const dates = words.filter((w) => !vocabulary.has('range', w)).map(normalizeDate);
    if (dates.length === 1) return { from: today, to: dates[0]! };
    if (dates.length === 2) return { from: dates[0]!, to: dates[1]! };
    return null;
  }

  async function delegationText(user: User, t: Translate): Promise<string[]> {
    const today = service.today();
    const lines: string[] = [];
    const mine = await tasks.delegationOf(user);
    // A delegation whose last day has passed is as good as none.
    if (mine && mine.to >= today) lines.push(t('commands.delegateShow', { name: await nameOf(mine.delegateId), from: mine.from, to: mine.to }));
    else lines.push(t('commands.delegateNone', { usage: t('commands.help.delegate') }));
    for (const d of await store.delegations.listActive(today))
      if (d.userId !== user.id && (await standIn(store, d.userId, today)) === user.id)
        lines.push(t('commands.delegateStandingIn', { name: await nameOf(d.userId), to: d.to }));
    return [lines.join('\n')];
  }

  async function delegate(user: User, t: Translate, channel: Channel, words: string[]): Promise<string[]> {
    if (words.length === 0) return delegationText(user, t);
    if (words.length === 1 && vocabulary.has('end', words[0]!)) {
      const ended = await tasks.endDelegation(user, channel);
      if (!ended.ok) return [errorText(t, ended)];
      return [t('commands.delegateEnded', { name: await nameOf(ended.value.delegateId) })];
    }
    const [delegateId, ...dates] = words;
    const range = parseRange(dates, service.today());
    if (!range) return usage(t, 'delegate');
    if (!(await store.users.get(delegateId!))) return [t('commands.noSuchUser', { user: delegateId! })];
    const result = await tasks.delegate(user, delegateId!, range.from, range.to, channel);
    if (!result.ok) return [errorText(t, result)];
    const d = result.value;
    return [t('commands.delegateSet', { name: await nameOf(d.delegateId), from: d.from, to: d.to })];
  }

  // ---------- 摘要 ----------

  async function digest(user: User, t: Translate, words: string[]): Promise<string[]> {
    const [choice, ...extra] = words;
    if (choice === undefined) return [t((await tasks.digestOf(user)) ? 'commands.digestIsOn' : 'commands.digestIsOff')];
    const word = choice.toLowerCase();
    if (extra.length > 0 || (!vocabulary.has('on', word) && !vocabulary.has('off', word))) return usage(t, 'digest');
    const on = vocabulary.has('on', word);
    await tasks.setDigest(user, on);
    return [t(on ? 'commands.digestOn' : 'commands.digestOff')];
  }

  // ---------- 待办 ----------

  /**
   * What the person owes today, the tasks of anyone they stand in for included; a supervisor also sees the whole
   * agency's waiting work, as before. Someone away is told where their own tasks went meanwhile.
   */
  async function queue(user: User, t: Translate): Promise<string[]> {
    const today = service.today();
    const byId = new Map<string, CaseRecord>();
    if (user.roles.includes('supervisor')) for (const c of await queries.queue(user)) byId.set(c.id, c);
    for (const c of await tasks.queue(user)) byId.set(c.id, c);
    const cases = [...byId.values()].sort(byDeadline);

    const lines: string[] = [];
    if (cases.length === 0) lines.push(t('commands.queueEmpty'));
    else {
      lines.push(t('commands.queueHeader', { count: cases.length }));
      for (const c of cases) {
        const assignedTo = c.assignee?.userId;
        let note = '';
        if (assignedTo === user.id) note = t('commands.queueReassignedToYou');
        else if (assignedTo) {
          const name = await nameOf(assignedTo);
          note = (await standIn(store, assignedTo, today)) === user.id ? t('commands.queueStandingIn', { name }) : t('commands.queueReassignedTo', { name });
        }
        lines.push(`${await lineOf(t, c, today)}${note}`);
      }
    }
    const away = await tasks.delegationOf(user);
    if (away && away.from <= today && today <= away.to)
      lines.push(t('commands.queueAway', { name: await nameOf(away.delegateId), to: away.to }));
    return [lines.join('\n')];
  }

  return { nudge, reassign, overdue, stale, delegate, digest, queue };
}
