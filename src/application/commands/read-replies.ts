// The replies that change nothing: help, the catalog, lists of cases, a case's status and how its deadline was computed.
import { countWorkingDays, explainWorkingDays, type WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import { calendarSources, explainedDayLine } from './explain-days.ts';
import type { PolicyProfile } from '../../domain/policy/policy-profile.ts';
import { clockArticle } from '../../domain/workflows/policy-values.ts';
import type { Dataset, User } from '../../domain/model.ts';
import type { Translate, Translator } from '../../i18n/translator.ts';
import type { CaseService } from '../case-service.ts';
import type { CaseQueries } from '../case-queries.ts';
import type { CaseRecord } from '../ports/cases.ts';
import type { Store } from '../ports/store.ts';
import type { VerbTable } from './verbs.ts';
import { personalOwner, type WorkflowDefinition } from '../../domain/workflows/workflow.ts';
import { listedResult, W14_LISTED, w14ResultPublication, type W14Data } from '../../domain/workflows/w14-result-publication.ts';
import { valueText } from './form-text.ts';
import { FOLLOW_ACTION } from '../follow-action.ts';
import { caseLine, datasetLine, dueByText, dueText, errorText, formatInstant, stateName, workflowName } from './render.ts';
import type { W12Data } from '../../domain/workflows/w12-annual-plan.ts';

/** How a published dataset is had, by its attribute (closed data, W2 不予开放: listed, given to nobody). */
const HOW = { unconditional: 'howOpen', conditional: 'howConditional', closed: 'howClosed' } as const satisfies Record<Dataset['attribute'], string>;


export interface ReadRepliesDeps {
  store: Pick<Store, 'agencies' | 'datasets' | 'users'>;
  service: CaseService;
  queries: CaseQueries;
  translator: Translator;
  calendar: WorkingCalendar;
  profile: PolicyProfile;
  timeZone: string;
  verbs: VerbTable;
}

export function createReadReplies(deps: ReadRepliesDeps) {
  const { store, service, queries, translator, calendar, profile, timeZone, verbs } = deps;

  async function agencyNames(): Promise<Map<string, string>> {
    return new Map((await store.agencies.list()).map((a) => [a.id, a.name]));
  }


  /** Every command, one line each (`help <verb>` is the command handler's: it knows the forms). */
  async function help(t: Translate): Promise<string[]> {
    const lines = [t('commands.helpHeader')];
    for (const v of verbs.verbs) lines.push(`  ${t(`commands.help.${v}`)}`);
    lines.push(t('commands.helpFooter'));
    return [lines.join('\n')];
  }

  async function datasets(t: Translate, words: string[]): Promise<string[]> {
    const found = await store.datasets.search({ status: 'published', ...(words.length ? { words } : {}) });
    if (found.length === 0) return [t('commands.noDatasets')];
    const names = await agencyNames();
    const lines = found.flatMap((d) => {
      const line = datasetLine(t, d, names.get(d.providerAgencyId) ?? d.providerAgencyId);
      // Z19 应公布开放条件: a conditional dataset is listed with the conditions an applicant must meet.
      return d.attribute === 'conditional' && d.conditions ? [line, `    ${t('commands.datasetConditionsLine', { conditions: d.conditions })}`] : [line];
    });
    return [[t('commands.datasetsHeader', { count: found.length }), ...lines].join('\n')];
  }

  /** One dataset's catalog entry (S14): everything the catalog says of it, and how to get it. */
  async function dataset(t: Translate, code: string): Promise<string[]> {
    const d = await store.datasets.findByCode(code);
    if (!d || d.status === 'pending') return [t('errors.NOT_FOUND', { caseId: code.toUpperCase() })];
    const provider = (await store.agencies.get(d.providerAgencyId))?.name ?? d.providerAgencyId;
    const lines = [
      t('commands.datasetDetail.header', { code: d.code, name: d.name }),
      t('commands.datasetDetail.summary', { value: d.summary }),
      t('commands.datasetDetail.fields', { value: d.fields.join(t('commands.listSeparator')) }),
      t('commands.datasetDetail.provider', { value: provider }),
      t('commands.datasetDetail.attribute', { value: t(`common.attribute.${d.attribute}`) }),
    ];
    if (d.attribute === 'conditional' && d.conditions) lines.push(t('commands.datasetDetail.conditions', { value: d.conditions }));
    lines.push(
      t('commands.datasetDetail.dataType', { value: t(`common.dataType.${d.dataType}`) }),
      t('commands.datasetDetail.formats', { value: d.formats.join('/') }),
      t('commands.datasetDetail.frequency', { value: t(`common.frequency.${d.updateFrequency}`) }),
      // Z13, B20: how other government bodies share it, with its conditions and its basis in law.
      t('commands.datasetDetail.sharing', { value: t(`common.sharing.${d.sharing}`) }),
    );
    if (d.sharing === 'conditional' && d.sharingConditions) lines.push(t('commands.datasetDetail.sharingConditions', { value: d.sharingConditions }));
    if (d.sharing !== 'unconditional' && d.sharingBasis) lines.push(t('commands.datasetDetail.sharingBasis', { value: d.sharingBasis }));
    lines.push(t(`commands.datasetDetail.status.${d.status}`));
    if (d.status === 'published') lines.push(t(`commands.datasetDetail.${HOW[d.attribute]}`, { code: d.code }));
    // The results built on it (W14, T17), by title: `results <code>` shows them whole.
    const built = (await listed()).filter(({ result }) => cites(result, d));
    if (built.length > 0)
      lines.push(t('commands.datasetDetail.results', { code: d.code, value: built.map(({ id, result }) => t('commands.datasetDetail.resultItem', { title: result.title, caseId: id })).join(t('commands.listSeparator')) }));
    return [lines.join('\n')];
  }

  /** The results listed on the platform (W14), the latest listed first. */
  async function listed(): Promise<{ id: string; applicantId: string; result: W14Data }[]> {
    const cases = await queries.publicIn(w14ResultPublication.id, W14_LISTED);
    return cases
      .flatMap((c) => {
        const result = listedResult(c.state, c.data);
        return result ? [{ id: c.id, applicantId: c.applicantId, result }] : [];
      })
      .sort((a, b) => (b.result.listedOn ?? '').localeCompare(a.result.listedOn ?? '') || b.id.localeCompare(a.id, 'en', { numeric: true }));
  }

  const cites = (result: W14Data, d: Dataset): boolean => result.sources.some((s) => s.id === d.id);

  /** `results [code]`: the results listed (T17 发布至公共数据开放网), each with its sources; with a code, those citing it. */
  async function results(t: Translate, code: string | null): Promise<string[]> {
    const d = code === null ? null : await store.datasets.findByCode(code);
    if (code !== null && (!d || d.status === 'pending')) return [t('errors.NOT_FOUND', { caseId: code.toUpperCase() })];
    const shown = (await listed()).filter(({ result }) => !d || cites(result, d));
    if (shown.length === 0) return [d ? t('commands.resultsEmptyFor', { datasetCode: d.code }) : t('commands.resultsEmpty')];
    const people = new Map((await store.users.list()).map((u) => [u.id, u.name]));
    const lines = [d ? t('commands.resultsHeaderFor', { datasetCode: d.code, count: shown.length }) : t('commands.resultsHeader', { count: shown.length })];
    for (const { id, applicantId, result } of shown)
      lines.push(
        t('commands.resultLine', {
          caseId: id,
          title: result.title,
          summary: result.summary,
          url: result.url,
          sources: result.sources.map((s) => `${s.code} ${s.name}`).join(t('commands.listSeparator')),
          obtained: result.obtained,
          submitter: people.get(applicantId) ?? applicantId,
          listedOn: result.listedOn ?? '',
        }),
      );
    return [lines.join('\n')];
  }

  /**
   * `plans [year]` (W12, T7 统一发布, G(一)2 向社会公布): the city's open plan of the year, once the authority published
   * it — each provider's approved plan, a planned dataset marked done once the provider has published a dataset of
   * that name, and the providers whose plan is missing named as such. Public.
   */
  async function plans(t: Translate, year: number): Promise<string[]> {
    const ofYear = await queries.plansOf(year);
    const city = ofYear.find((c) => (c.data as W12Data).agency.kind === 'authority');
    const publishedOn = city?.state === 'published' ? (city.data as W12Data).publishedOn : null;
    if (!publishedOn) return [t('commands.plansNotPublished', { year })];
    const published = await store.datasets.search({ status: 'published' });
    const lines = [t('commands.plansHeader', { year, publishedOn })];
    const providers = ofYear.filter((c) => c !== city).sort((a, b) => (a.data as W12Data).agency.name.localeCompare((b.data as W12Data).agency.name, 'zh-CN'));
    for (const c of providers) {
      const data = c.data as W12Data;
      if (c.state !== 'approved' || !data.plan) {
        lines.push(t('commands.plansMissing', { agency: data.agency.name, caseId: c.id }));
        continue;
      }
      lines.push(t('commands.plansAgency', { agency: data.agency.name, caseId: c.id }));
      for (const item of data.plan.items) {
        const done = published.find((d) => d.providerAgencyId === data.agency.id && d.name === item);
        lines.push(done ? t('commands.plansItemDone', { item, datasetCode: done.code }) : t('commands.plansItem', { item }));
      }
      lines.push(t('commands.plansScenarios', { scenarios: data.plan.scenarios }), t('commands.plansMeasures', { measures: data.plan.measures }));
    }
    return [lines.join('\n')];
  }

  async function listCases(t: Translate, cases: CaseRecord[], header: string, empty: string): Promise<string[]> {
    if (cases.length === 0) return [t(empty)];
    const today = service.today();
    const lines = [t(header, { count: cases.length })];
    for (const c of cases) {
      const dataset = c.datasetId ? await store.datasets.get(c.datasetId) : null;
      const overdueDays = c.deadline && c.deadline.dueOn < today ? countWorkingDays(calendar, c.deadline.dueOn, today) : 0;
      lines.push(caseLine(t, c, { dataset, subject: service.workflows.get(c.workflow)?.subject?.(c.data) ?? null, today, overdueDays }));
    }
    return [lines.join('\n')];
  }

  /** An audit detail as its reader reads it: the value of a choice field of one of the workflow's forms by its label. */
  function shownDetail(t: Translate, wf: WorkflowDefinition, key: string, value: unknown): string {
    const form = [wf.form, ...wf.actions.map((a) => a.form)].find((f) => f?.fields[key]?.options !== undefined);
    return form ? valueText(t, form, key, value) : String(value);
  }

  async function status(user: User, t: Translate, caseId: string): Promise<string[]> {
    const found = await queries.detail(user, caseId);
    if (!found.ok) return [errorText(t, found)];
    const { record: c, dataset, applicant, history, grants } = found.value;
    const names = await agencyNames();
    const subject = dataset ? `${dataset.code} ${dataset.name}` : service.workflows.get(c.workflow)?.subject?.(c.data);
    const lines = [`${c.id} · ${workflowName(t, c.workflow)}${subject ? ` · ${subject}` : ''}`];
    lines.push(t('commands.statusState', { state: stateName(t, c.workflow, c.state) }));
    const wf = service.workflows.get(c.workflow);
    // What the workflow says of its own data (W7: objection or suggestion), each under its field's label.
    for (const [name, value] of Object.entries(wf?.facts?.(c.data) ?? {}))
      lines.push(t('commands.statusFact', { label: t(`forms.${wf!.form.id}.${name}.label`), value: valueText(t, wf!.form, name, value) }));
    if (applicant) lines.push(t('commands.statusApplicant', { starter: t(`common.starter.${c.workflow}`), name: applicant.name }));
    // A step a person owes as themself (W10: the grant holder's report) names them, not the agency the case is about.
    const ownerId = personalOwner(c.assignee);
    const owner = ownerId ? await store.users.get(ownerId) : null;
    if (owner) lines.push(t('commands.statusAssigneePerson', { name: owner.name }));
    else if (c.assignee) lines.push(t('commands.statusAssignee', { agency: names.get(c.assignee.agencyId) ?? c.assignee.agencyId }));
    if (c.deadline)
      lines.push(t(c.deadline.profileDate ? 'commands.statusDueFixed' : 'commands.statusDue', { dueBy: dueByText(t, c.deadline), days: c.deadline.workingDays, start: c.deadline.startedOn }));
    const data = c.data as { reasons?: string[] } | null;
    if (c.state === 'returned' && data?.reasons?.length) lines.push(t('commands.statusReasons', { reasons: data.reasons.map((r, i) => `${i + 1}. ${r}`).join('\n') }));
    for (const g of grants) {
      const given = { dataset: dataset?.code ?? g.datasetId, expiresOn: g.expiresOn, agreement: g.agreementRef };
      // A sharing grant is bound to its duty (Z17), not to a usage agreement.
      lines.push(g.kind === 'share' ? t('commands.statusShareGrant', { ...given, duty: g.duty ?? '' }) : t('commands.statusGrant', given));
    }
    if (history.length) {
      lines.push(t('commands.statusHistory'));
      const people = new Map((await store.users.list()).map((u) => [u.id, u.name]));
      const wf = service.workflows.get(c.workflow);
      for (const h of history) {
        // Who follows a public demand is theirs to know: each sees only their own follow.
        if (h.action === FOLLOW_ACTION && h.actorId !== user.id) continue;
        const line = t('commands.historyLine', { at: formatInstant(h.at, timeZone), who: people.get(h.actorId) ?? h.actorId, action: t(`actions.${h.action}`) });
        // The workflow declares which parts of an entry's detail its history shows, in which order; a choice by its label.
        const details = (wf?.history ?? []).filter((k) => h.detail[k] !== undefined && h.detail[k] !== '').map((k) =>
          t(`commands.historyDetail.${k}`, {
            // An agency is recorded by its id (W6's routing to a provider) and read by its name.
            value: (k === 'agency' ? (names.get(String(h.detail[k])) ?? String(h.detail[k])) : shownDetail(t, wf!, k, h.detail[k])).replace(/\n/g, ' '),
          }),
        );
        lines.push(`  ${line}${details.join('')}`);
      }
    }
    return [lines.join('\n')];
  }

  /** The city, and the article the step's days come from (Tai'an's W7 handling: S10, T17 setting none). */
  function ruleOf(workflow: string, state: string, locale: User['locale']): string {
    const article = clockArticle(profile, workflow, state);
    return article ? `${profile.name[locale]} ${article}` : profile.name[locale];
  }

  async function why(user: User, t: Translate, caseId: string): Promise<string[]> {
    const found = await queries.detail(user, caseId);
    if (!found.ok) return [errorText(t, found)];
    const c = found.value.record;
    if (!c.deadline) return [t('commands.whyNoClock', { caseId: c.id, state: stateName(t, c.workflow, c.state) })];
    const { startedOn, workingDays } = c.deadline;
    const explained = explainWorkingDays(calendar, startedOn, workingDays);
    const dated = c.deadline.profileDate;
    const lines = [
      t(dated ? 'commands.whyHeaderFixed' : 'commands.whyHeader', {
        ...(dated ? { date: dated, source: profile.dates[dated]?.source ?? '' } : {}),
        caseId: c.id,
        state: stateName(t, c.workflow, c.state),
        days: workingDays,
        start: startedOn,
        due: dueText(t, c.deadline),
        profile: ruleOf(c.workflow, c.state, user.locale),
        timeZone,
      }),
    ];
    const has = (key: string) => translator.has(user.locale, key);
    for (const d of explained.days) lines.push(`  ${explainedDayLine(d, t, has)}`);
    lines.push(calendarSources(calendar, explained.days, t));
    if (explained.provisional) lines.push(t('common.provisionalNote'));
    return [lines.join('\n')];
  }

  return { help, datasets, dataset, results, plans, listCases, status, why };
}
