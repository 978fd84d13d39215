// A property-based fuzz of the command handler. Random commands and random interleavings of
// form answers from several people, over the demo platform in memory (one fresh app and store per run), must, after
// every single command,
//   1. not throw, and answer with at least one string, none of them empty or a bare string key;
//   2. change a case only when its actor may change it: someone `CaseService.availableActions` (the workflow's
//      transition table) gave an action on the case as it was just before the command, a supervisor reassigning it, or
//      the closure a delisting the actor could decide brings; start cases only in the actor's own name; and never
//      change a case in a terminal state;
//   3. leave the store consistent with the audit log: every case has its trail, with exactly as many case-changing
//      entries as its version, replaying to its state; the hash chain verifies; every grant has the entry that signed
//      its agreement;
// and, every ten commands and at the end,
//   4. give the evaluation's figures through its memo as every trail read again gives them.
// Everything commands are built from comes from the running app: the verbs and their aliases (verb table and
// vocabulary), the forms and their fields (workflow registry), field labels (locales), the seeded people and datasets.
// fast-check draws a new seed each time and prints it, with the shrunk command sequence, when a property fails; the
// error names what broke and shows the run's last commands as they were typed, with the replies.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/adapters/memory/create-memory-store.ts';
import type { AuditEntry, CaseRecord, GrantRepository } from '../src/application/ports/cases.ts';
import { DEMO_AGENCIES, DEMO_USERS } from '../src/application/seed/demo-data.ts';
import { seedDemo } from '../src/application/seed/seed-demo.ts';
import { loadConfig } from '../src/config/load-config.ts';
import type { Field, FormDefinition } from '../src/domain/forms/form.ts';
import { LOCALES, type Grant, type User } from '../src/domain/model.ts';
import { CLOSED_STATE, isFinished, isPending } from '../src/domain/workflows/closed-state.ts';
import type { StartTargetKind, WorkflowDefinition } from '../src/domain/workflows/workflow.ts';
import { fixedClock, openApp, type App } from '../src/main.ts';

/** Monday 23 November 2026, 10:00 in Shanghai: a working day with no holiday near it. */
const NOW = new Date('2026-11-23T02:00:00Z');

/** Someone the platform knows who holds no role at all (the demo has nobody like that, so each run adds one). */
const NO_ROLES: User = { id: 'nemo', name: 'Nemo 无名', roles: [], agencyId: null, verified: true, dishonest: false, locale: 'en' };
/** Writers the store does not know: an outsider, and ids an object already has. */
const UNKNOWN_WRITERS = ['mallory', '__proto__', 'constructor'];

const PROTOTYPE_WORDS = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];
const CONTROL_CHARS = ['\u0000', '\u0007', '\u0008', '\u001b', '\u007f', '\u200b', '\u200e', '\u202e', '\ufeff', '\r', '\t', '\n', '\u2028', '\u3000', '\u00a0'];
const QUOTE_SOUP = ['"', "'", '“', '”', '「', '」', '‘', '’', '『', '』', '=', '＝', ' ', 'a', '1', '\\', '/', 'C-0001', 'DS-0002'];
/** Quote pairs the tokenizer knows (tokenize.ts), to quote a value with spaces the way people do. */
const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ['“', '”'],
  ['「', '」'],
  ["'", "'"],
  ['‘', '’'],
  ['『', '』'],
];

async function openDemo(): Promise<App> {
  const store = createMemoryStore();
  const app = await openApp(loadConfig({ KAIFANG_LOCALE: 'en' }), { store, clock: fixedClock(NOW), log: () => {} });
  await seedDemo(store, { locale: 'en' });
  await store.users.upsert(NO_ROLES);
  // Two reviewers at the authority and at a provider, so that a handover (转办) hands a step to someone: the agency's
  // only holder of a step already holds it, and a handover to them is refused.
  for (const [id, agencyId] of [['cathy', 'bdb'], ['tom', 'transport']] as const)
    await store.users.upsert({ id, name: id, roles: ['reviewer'], agencyId, verified: true, dishonest: false, locale: 'en' });
  // Alice holds a grant on DS-0002 before the run, made the way grants are (C-0001 through both reviews, accepted), so
  // that a spot check (W10) has a grant to name.
  const say = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
  await say('alice', 'apply DS-0002 title="Ridership" reason="Planning" type=api period=2027-06-30 result="A report" scenario="Routes" commit=yes meets=yes');
  for (const [userId, text] of [['carol', 'approve C-0001'], ['bob', 'approve C-0001'], ['alice', 'accept C-0001']] as const) await say(userId, text);
  if ((await store.grants.list()).length !== 1) throw new Error('the fuzz world could not make its grant');
  return app;
}

// ---------------------------------------------------------------------------------------------------------------
// The command model, derived from a running app.
// ---------------------------------------------------------------------------------------------------------------

interface StartSpec {
  verb: string;
  target: StartTargetKind;
  rest: string | null;
  flags: Array<{ field: string; words: string[] }>;
  form: FormDefinition<any>;
  workflow: WorkflowDefinition;
}

interface ActionSpec {
  verb: string;
  /** The forms the verb fills across workflows; a resubmission fills the start form of its case's workflow. */
  forms: FormDefinition<any>[];
  rest: string | null;
}

interface Model {
  today: string;
  /** Every word for a verb (the verb, its aliases in every language). */
  words(verb: string): string[];
  starts: StartSpec[];
  actions: ActionSpec[];
  /** The platform's own verbs (help, status, nudge…): the verb table without the workflows' verbs. */
  coreVerbs: string[];
  allVerbs: string[];
  /** A field's keys: its name and its label in every language (`title`, `Title`, `标题`). */
  keys(form: FormDefinition<any>, name: string): string[];
  vocabulary: Record<'yes' | 'on' | 'off' | 'end' | 'range' | 'languages', string[]>;
  /** Every form the workflows declare, for bare answers that name a field. */
  forms: FormDefinition<any>[];
  datasetCodes: string[];
  conditionalCodes: string[];
  people: {
    applicants: string[];
    providerReviewers: string[];
    authorityReviewers: string[];
    supervisors: string[];
    known: string[];
    everyone: string[];
  };
}

function deriveModel(app: App, datasets: ReadonlyArray<{ code: string; attribute: string }>): Model {
  const lines = (key: string) =>
    LOCALES.flatMap((l) => (app.translator.has(l, key) ? app.translator.t(l, key).split('\n') : []))
      .map((w) => w.trim())
      .filter((w) => w !== '');
  const starts: StartSpec[] = app.workflows.workflows.flatMap((wf) =>
    wf.starts.map((s) => ({
      verb: s.verb,
      target: s.target,
      rest: s.rest,
      // A flag field's words switch it on; a choice field's words pick one of its options (W7's 建议).
      flags: (s.flags ?? []).map((field) => {
        const options = wf.form.fields[field]?.kind === 'choice' ? (wf.form.fields[field]!.options ?? []) : null;
        return { field, words: options ? options.flatMap((o) => [...app.vocabulary.optionWords(field, o)]) : [...app.vocabulary.flagWords(field)] };
      }),
      form: wf.form,
      workflow: wf,
    })),
  );
  const actions: ActionSpec[] = app.workflows.actionVerbs.map((verb) => {
    const forms: FormDefinition<any>[] = [];
    let rest: string | null = null;
    for (const wf of app.workflows.workflows) {
      const a = wf.actions.find((x) => x.verb === verb);
      if (!a) continue;
      rest ??= a.rest;
      const form = a.form ?? wf.form;
      if (!forms.includes(form)) forms.push(form);
    }
    return { verb, forms, rest };
  });
  const workflowVerbs = new Set([...starts.map((s) => s.verb), ...app.workflows.actionVerbs]);
  const forms = [...new Set(app.workflows.workflows.flatMap((wf) => [wf.form, ...wf.actions.flatMap((a) => (a.form ? [a.form] : []))]))];
  const agencyKind = new Map(DEMO_AGENCIES.map((a) => [a.id, a.kind]));
  const seeded = [...DEMO_USERS, NO_ROLES];
  const reviewersOf = (kind: string) => seeded.filter((u) => u.roles.includes('reviewer') && u.agencyId && agencyKind.get(u.agencyId) === kind).map((u) => u.id);
  const known = seeded.map((u) => u.id);
  return {
    today: app.service.today(),
    words: (verb) => app.vocabulary.verbWords(verb),
    starts,
    actions,
    coreVerbs: app.handler.verbs.verbs.filter((v) => !workflowVerbs.has(v)),
    allVerbs: [...app.handler.verbs.verbs],
    keys: (form, name) => [...new Set([name, ...LOCALES.map((l) => app.translator.t(l, `forms.${form.id}.${name}.label`))])],
    vocabulary: {
      yes: lines('vocabulary.yes'),
      on: lines('vocabulary.on'),
      off: lines('vocabulary.off'),
      end: lines('vocabulary.end'),
      range: lines('vocabulary.range'),
      languages: [...LOCALES, ...LOCALES.flatMap((l) => lines(`vocabulary.languages.${l}`))],
    },
    forms,
    datasetCodes: datasets.map((d) => d.code).sort(),
    conditionalCodes: datasets.filter((d) => d.attribute === 'conditional').map((d) => d.code).sort(),
    people: {
      applicants: seeded.filter((u) => u.roles.includes('applicant')).map((u) => u.id),
      providerReviewers: reviewersOf('provider'),
      authorityReviewers: reviewersOf('authority'),
      supervisors: seeded.filter((u) => u.roles.includes('supervisor')).map((u) => u.id),
      known,
      everyone: [...known, ...UNKNOWN_WRITERS],
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Generators.
// ---------------------------------------------------------------------------------------------------------------

/** A line someone types. `@case<k>` in it stands for the run's k-th newest case (`resolveRefs`). */
interface Typed {
  userId: string;
  text: string;
}

/**
 * A command on the k-th newest case, its sender and verb picked when it is sent. `decide`: one of the actions
 * `availableActions` gives someone on the case now (`able`), or any of the workflow's actions by anyone, followed by the
 * fields of `tails` for that action; `reassign`: a supervisor (`able`) or anyone hands the step on; `nudge`: the
 * applicant or a supervisor (`able`), or anyone. Without these a run rarely gets past a case's first step. They steer
 * what is sent, nothing more: the properties check every command alike.
 */
interface Steered {
  steer: { kind: 'decide' | 'reassign' | 'nudge'; ref: number; able: boolean; who: number; what: number; word: number; tails: Record<string, string> };
}

/** An answer sent by the `who`-th of the people who have a half-filled form open (anyone, when nobody has). */
interface Replying {
  reply: { who: number; text: string };
}

type Command = Typed | Steered | Replying;

/** `@case0` in a generated command stands for the run's newest case, `@case1` the one before, and so on. */
const CASE_REF = '@case';

function resolveRefs(text: string, cases: readonly CaseRecord[]): string {
  const newestFirst = [...cases].sort((a, b) => b.id.localeCompare(a.id, 'en', { numeric: true }));
  return text.replace(/@case(\d)/g, (_, k: string) => newestFirst[Number(k)]?.id ?? newestFirst[0]?.id ?? 'C-0001');
}

function tailKey(verb: string, formId: string | null): string {
  return formId ? `${verb}@${formId}` : verb;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A value as people type it after `key=`: bare, or quoted when it has spaces or quotes. */
function quote(value: string): string {
  if (value !== '' && !/[\s"'“「‘『]/.test(value)) return value;
  const pair = QUOTES.find(([, close]) => !value.includes(close));
  if (pair) return `${pair[0]}${value}${pair[1]}`;
  return value.replace(/[\s"'“”「」‘’『』]/g, '');
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

/** `approve`, `APPROVE`, `/approve`, `通过`. */
function verbWord(model: Model, verb: string): fc.Arbitrary<string> {
  return fc.tuple(pick(model.words(verb)), pick(['plain', 'plain', 'plain', 'upper', 'slash'] as const)).map(([w, how]) =>
    how === 'upper' ? w.toUpperCase() : how === 'slash' ? `/${w}` : w,
  );
}

function arbs(model: Model) {
  const phrase = fc.oneof(
    { weight: 4, arbitrary: pick(['Ridership study', '公交客流研究', 'x', '优化公交线网', 'A report', 'Route planning', '站点坐标有误', 'see C-0002', 'a=b', 'yes']) },
    { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24 }).filter((s) => s.trim() !== '') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '') },
  );
  const dates = {
    good: fc.integer({ min: 1, max: 3 * 365 }).map((n) => addDays(model.today, n)),
    bad: pick([
      model.today,
      addDays(model.today, -1),
      '2025-01-01',
      addDays(model.today, 3 * 366 + 1),
      '9999-12-31',
      '2027-02-30',
      '2027-13-01',
      '2027/06/30',
      '20270630',
      'tomorrow',
      '明天',
    ]),
  };
  const separators = pick([',', '，', '、', ';', '；', ', ']);

  /**
   * Date fields that name a day that has happened (W3: the day the law or duties changed, not in the future): their good
   * values are past days, where every other date field's (a usage period's end) are days to come.
   */
  const PAST_DATE_FIELDS = new Set(['w3.on', 'w14.obtained']);
  /** Fields that name an agency by its id or its name (W6's provider): good values are the demo's agencies. */
  const AGENCY_FIELDS = new Set(['w6.agency', 'w6approve.agency']);
  const agencyWords = DEMO_AGENCIES.flatMap((a) => [a.id, a.name]);
  /** W1's `demand=`: the W6 demand an entry opens, one of the run's newest cases (resolved when sent). */
  const CASE_FIELDS = new Set(['w1.demand']);
  const pastDate = fc.integer({ min: 0, max: 40 }).map((n) => addDays(model.today, -n));

  /** One to three of the demo's dataset codes, as a list field takes them, or as typed after a verb that names datasets. */
  const someCodes = (sep: fc.Arbitrary<string>) =>
    fc.tuple(fc.subarray(model.datasetCodes, { minLength: 1, maxLength: 3 }), sep).map(([xs, s]) => xs.join(s));
  /**
   * Fields whose good values have a shape of their own: a list that names datasets (a workflow's datasetsField, W14's
   * sources) takes codes, W14's url a web address.
   */
  const SHAPED: Record<string, { good: fc.Arbitrary<string>; bad: fc.Arbitrary<string> }> = {
    ...Object.fromEntries(
      model.starts
        .filter((s) => s.workflow.datasetsField)
        .map((s) => [`${s.form.id}.${s.workflow.datasetsField}`, { good: someCodes(separators), bad: pick(['DS-9999', 'DS-0001,DS-0', 'x', '']) }]),
    ),
    'w14.url': { good: pick(['https://example.org/bus', 'http://data.example.cn/app?id=1']), bad: pick(['example.org', 'ftp://example.org', 'https://']) },
  };

  /** Values for one field: mostly what its form accepts when `good`, anything at all otherwise. */
  function value(f: Field, quality: 'good' | 'any', name = ''): fc.Arbitrary<string> {
    const options = f.options ?? [];
    let good: fc.Arbitrary<string>;
    let bad: fc.Arbitrary<string>;
    switch (f.kind) {
      case 'text':
        good = AGENCY_FIELDS.has(name) ? pick(agencyWords) : CASE_FIELDS.has(name) ? fc.integer({ min: 0, max: 2 }).map((k) => `${CASE_REF}${k}`) : phrase;
        bad = AGENCY_FIELDS.has(name) ? pick(['nobody', '市不存在局']) : pick(['', '   ']);
        break;
      case 'date':
        ({ good, bad } = dates);
        if (PAST_DATE_FIELDS.has(name)) [good, bad] = [pastDate, fc.oneof(dates.good, dates.bad)];
        break;
      case 'choice':
        good = pick(options).chain((o) => pick([o, o.toUpperCase()]));
        bad = pick(['other', '数据集', options.join(','), '']);
        break;
      case 'multi':
        good = fc.tuple(fc.subarray([...options], { minLength: 1 }), separators).map(([xs, sep]) => xs.join(sep));
        bad = pick(['PDF', `${options[0] ?? 'CSV'},PDF`, ',', '；；']);
        break;
      case 'list':
        good = fc.tuple(fc.array(phrase, { minLength: 1, maxLength: 3 }), separators).map(([xs, sep]) => xs.join(sep));
        bad = pick([';', '，，', ' ', '']);
        break;
      case 'confirm':
        good = pick(model.vocabulary.yes);
        bad = pick([...model.vocabulary.off, 'maybe', '']);
        break;
      case 'count': {
        // Which numbers the field takes is its own schema's to say.
        const taken = Array.from({ length: 61 }, (_, n) => String(n)).filter((s) => f.schema.safeParse(s).success);
        good = pick(taken.length > 0 ? taken : ['1']);
        bad = pick(['0', '-1', '2.5', 'ten', '１０', '999', '']);
        break;
      }
      case 'flag':
        good = pick([...model.vocabulary.yes, 'no', 'false']);
        bad = pick(['maybe', '']);
        break;
    }
    if (Object.hasOwn(SHAPED, name)) ({ good, bad } = SHAPED[name]!);
    if (quality === 'good') return good;
    return fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: bad }, { weight: 1, arbitrary: junkValue });
  }

  const longToken = fc
    .tuple(fc.integer({ min: 100, max: 2000 }), pick(['x', '数', '=', '"', '🙂', 'C-0001', 'a b']))
    .map(([n, unit]) => unit.repeat(Math.max(1, Math.floor(n / unit.length))).slice(0, 2000));
  const controlSoup = fc.string({ unit: pick(CONTROL_CHARS), minLength: 1, maxLength: 8 });
  const junkValue: fc.Arbitrary<string> = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: pick(QUOTE_SOUP), maxLength: 30 }),
    pick(PROTOTYPE_WORDS),
    controlSoup,
    longToken,
  );

  /** `key=value` pairs for a form: every required field (`complete`), or any of them with any values (`partial`). */
  function fields(form: FormDefinition<any>, mode: 'complete' | 'partial'): fc.Arbitrary<string[]> {
    const parts = form.order.map((name) => {
      const f = form.fields[name]!;
      // A label with a space cannot be a key; the junk generators still type them.
      const keys = model.keys(form, name).filter((k) => !/\s/.test(k));
      const pair = fc.tuple(pick(keys), value(f, mode === 'complete' ? 'good' : 'any', `${form.id}.${name}`)).map(([k, v]) => `${k}=${quote(v)}`);
      const required = !f.optional && !f.askIf;
      if (mode === 'complete' && required) return pair.map((p) => [p]);
      return fc.option(pair, { freq: mode === 'complete' ? 2 : 3 }).map((p) => (p === null ? [] : [p]));
    });
    return fc.tuple(...parts).map((xs) => xs.flat());
  }

  const datasetCode = fc.oneof(
    { weight: 5, arbitrary: pick(model.datasetCodes) },
    // The conditionally open ones, the only ones an application names.
    { weight: 3, arbitrary: pick(model.conditionalCodes) },
    // Codes W1 submissions create next, and ones nobody has.
    { weight: 2, arbitrary: pick(['DS-0005', 'DS-0006', 'ds-0002', 'DS-9999', 'DS-0']) },
  );
  const caseId = fc.oneof(
    // The newest, second or third newest case of the run, whatever its number (resolved when sent: `resolveRefs`).
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 }).map((k) => `${CASE_REF}${k}`) },
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => `C-${String(n).padStart(4, '0')}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => `c-${String(n).padStart(4, '0')}`) },
    { weight: 1, arbitrary: pick(['C-0099', 'C-0000', 'C-1', 'C-00001']) },
  );
  const { people } = model;
  const actor = (preferred: readonly string[]) =>
    fc.oneof({ weight: 5, arbitrary: pick(preferred.length > 0 ? preferred : people.known) }, { weight: 1, arbitrary: pick(people.everyone) });

  const startBias: Record<string, string[]> = {
    submit: people.providerReviewers,
    apply: people.applicants,
    object: [...people.applicants, ...people.providerReviewers],
    delist: [...people.providerReviewers, ...people.authorityReviewers],
    rectify: [...people.authorityReviewers, ...people.providerReviewers],
    amend: [...people.providerReviewers, ...people.authorityReviewers],
    trigger: [...people.authorityReviewers, ...people.providerReviewers],
    // W2: only a provider's data officer applies, on its own data.
    attribute: people.providerReviewers,
    // W10: the provider's officers and the authority's staff spot-check a grant.
    spotcheck: [...people.providerReviewers, ...people.authorityReviewers],
    // W8 (S38): anyone complains, verified or not (the demo's erin is not): mostly applicants, staff too.
    complain: [...people.applicants, ...people.known],
    // W14: a user of the data (公共数据利用主体, T17) submits a result.
    result: people.applicants,
    // W6: a verified user asks for data the catalog does not have.
    request: people.applicants,
  };
  const actionBias: Record<string, string[]> = {
    extend: people.providerReviewers,
    file: people.providerReviewers,
    updated: people.providerReviewers,
    report: [...people.providerReviewers, ...people.applicants],
    keep: people.providerReviewers,
    // W8: the provider verifies a complaint and withdraws the data, or opens it after treatment.
    withdraw: people.providerReviewers,
    reopen: people.providerReviewers,
    resubmit: [...people.applicants, ...people.providerReviewers],
  };
  const reviewers = [...people.providerReviewers, ...people.authorityReviewers];

  /** A verb that starts a case, with its target, flags and fields. */
  const start = (mode: 'complete' | 'partial') =>
    pick(model.starts).chain((s) =>
      fc
        .record({
          userId: actor(startBias[s.verb] ?? people.known),
          word: verbWord(model, s.verb),
          // W3's trigger names a dataset or an agency: by its id or its name.
          // An application names conditional data (the others are refused at once): mostly those, so that some
          // applications get through all their steps.
          target:
            s.target === 'dataset'
              ? s.verb === 'apply'
                ? fc.oneof({ weight: 3, arbitrary: pick(model.conditionalCodes) }, { weight: 1, arbitrary: datasetCode })
                : datasetCode
              : s.target === 'datasetOrAgency'
                ? fc.oneof(datasetCode, pick(DEMO_AGENCIES.flatMap((a) => [a.id, a.name])))
                : s.target === 'grant'
                  ? // The grant the run starts with (openDemo), one a run may make, and ones nobody has.
                    fc.oneof({ weight: 4, arbitrary: fc.constant('G-0001') }, { weight: 1, arbitrary: pick(['g-0001', 'G-0002', 'G-9999', 'G-']) })
                  : s.target === 'datasets'
                    ? // W14's sources: mostly the demo's codes, one to three, sometimes with one nobody has.
                      fc.oneof({ weight: 4, arbitrary: someCodes(fc.constant(' ')) }, { weight: 1, arbitrary: fc.tuple(datasetCode, datasetCode).map((xs) => xs.join(' ')) }, { weight: 1, arbitrary: fc.constant('') })
                    : fc.constant(''),
          flags: fc.tuple(...s.flags.map((f) => fc.option(pick(f.words), { freq: 4 }))).map((xs) => xs.filter((x): x is string => x !== null)),
          pairs: fields(s.form, mode),
          rest: s.rest ? fc.option(phrase.map(quote), { freq: 2 }) : fc.constant(null),
        })
        .map(({ userId, word, target, flags, pairs, rest }) => ({ userId, text: [word, target, ...flags, ...pairs, rest ?? ''].filter((x) => x !== '').join(' ') })),
    );

  /** A decision on a case (approve, return, reject, extend, resubmit), with fields of its form. */
  const decision = pick(model.actions).chain((a) =>
    fc
      .record({
        userId: actor(actionBias[a.verb] ?? reviewers),
        word: verbWord(model, a.verb),
        caseId,
        pairs: pick(a.forms).chain((form) => fields(form, 'partial')),
        rest: a.rest ? fc.option(phrase.map(quote), { freq: 3 }) : fc.constant(null),
      })
      .map(({ userId, word, caseId, pairs, rest }) => ({ userId, text: [word, caseId, ...pairs, rest ?? ''].filter((x) => x !== '').join(' ') })),
  );

  const someDate = fc.oneof(dates.good, dates.bad, pick([model.today, model.today.replaceAll('-', '/')]));
  const userArg = fc.oneof({ weight: 4, arbitrary: pick(people.everyone) }, { weight: 1, arbitrary: pick(PROTOTYPE_WORDS) });
  /** The platform's own commands, with well-formed and ill-formed arguments. */
  const coreArgs: Record<string, fc.Arbitrary<string[]>> = {
    help: fc.option(pick(model.allVerbs.flatMap((v) => model.words(v)))).map((w) => (w ? [w] : [])),
    datasets: fc.array(pick(['公交', 'bus', 'DS-0002', '空气', 'conditional']), { maxLength: 2 }),
    results: fc.option(fc.oneof(datasetCode, pick(PROTOTYPE_WORDS))).map((w) => (w ? [w] : [])),
    status: fc.option(fc.oneof(caseId, pick(PROTOTYPE_WORDS))).map((w) => (w ? [w] : [])),
    why: fc.option(caseId).map((w) => (w ? [w] : [])),
    // Anyone follows a public demand (W6); twice changes nothing, and any other case is refused.
    follow: fc.option(fc.oneof(caseId, pick(PROTOTYPE_WORDS)), { freq: 8 }).map((w) => (w ? [w] : [])),
    requests: fc.option(pick(PROTOTYPE_WORDS), { freq: 8 }).map((w) => (w ? [w] : [])),
    nudge: fc.tuple(caseId, fc.option(phrase.map(quote), { freq: 6 })).map(([c, x]) => (x ? [c, x] : [c])),
    reassign: fc.tuple(caseId, userArg).map(([c, u]) => [c, u]),
    delegate: fc.oneof(
      fc.constant<string[]>([]),
      pick(model.vocabulary.end).map((w) => [w]),
      fc.tuple(userArg, someDate).map(([u, d]) => [u, d]),
      fc.tuple(userArg, someDate, pick(model.vocabulary.range), someDate).map(([u, a, r, b]) => [u, a, r, b]),
    ),
    digest: fc.option(pick([...model.vocabulary.on, ...model.vocabulary.off, 'maybe'])).map((w) => (w ? [w] : [])),
    lang: fc.option(pick([...model.vocabulary.languages, 'english', 'fr'])).map((w) => (w ? [w] : [])),
  };
  const supervisorVerbs = new Set(['reassign', 'overdue']);
  const core = pick(model.coreVerbs).chain((verb) =>
    fc
      .record({
        userId: supervisorVerbs.has(verb) ? actor(people.supervisors) : pick(people.everyone),
        word: verbWord(model, verb),
        args: coreArgs[verb] ?? fc.constant([]),
      })
      .map(({ userId, word, args }) => ({ userId, text: [word, ...args].join(' ') })),
  );

  const wellFormed = fc.oneof(
    { weight: 4, arbitrary: start('complete') },
    { weight: 3, arbitrary: start('partial') },
    { weight: 6, arbitrary: decision },
    { weight: 3, arbitrary: core },
  );

  const allFields = model.forms.flatMap((form) => form.order.map((name) => ({ form, name, field: form.fields[name]! })));
  /** What someone in the middle of a form types: a value for some field, named or not, or cancel / help. */
  const answerText = fc.oneof(
    { weight: 6, arbitrary: pick(allFields).chain(({ field }) => value(field, 'any')) },
    { weight: 2, arbitrary: pick([...model.vocabulary.yes, ...model.vocabulary.off, '是', '否', 'yes', 'no']) },
    { weight: 2, arbitrary: fc.oneof(dates.good, dates.bad, fc.integer({ min: -5, max: 40 }).map(String)) },
    {
      weight: 2,
      arbitrary: pick(allFields).chain(({ form, name, field }) =>
        fc.tuple(pick(model.keys(form, name)), value(field, 'any')).map(([k, v]) => `${k}=${quote(v)}`),
      ),
    },
    { weight: 1, arbitrary: pick([...model.words('cancel'), ...model.words('help'), 'help apply', 'cancel now', '']) },
  );
  const answer = fc.record({ userId: pick(people.everyone), text: answerText });
  const reply: fc.Arbitrary<Replying> = fc.record({ who: fc.nat({ max: 99 }), text: answerText }).map((r) => ({ reply: r }));

  const junkText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.string({ unit: pick(QUOTE_SOUP), maxLength: 60 }),
    fc.array(pick(PROTOTYPE_WORDS), { minLength: 1, maxLength: 3 }).map((xs) => xs.join(' ')),
    fc.tuple(pick(model.allVerbs), pick(PROTOTYPE_WORDS), pick(PROTOTYPE_WORDS)).map(([v, a, b]) => `${v} ${a}=${b}`),
    fc.tuple(pick(model.allVerbs), caseId, pick(PROTOTYPE_WORDS)).map(([v, c, p]) => `${v} ${c} ${p}=1`),
    fc.tuple(controlSoup, pick(model.allVerbs), controlSoup, caseId).map(([a, v, b, c]) => `${a}${v}${b}${c}`),
    fc.tuple(pick(model.allVerbs), longToken).map(([v, t]) => `${v} ${t}`),
    longToken,
  );
  /** A well-formed command with junk spliced in at a word boundary. */
  const mutated = fc.tuple(wellFormed, junkValue, fc.nat()).map(([cmd, junk, at]) => {
    const words = cmd.text.split(' ');
    words.splice(at % (words.length + 1), 0, junk);
    return { userId: cmd.userId, text: words.join(' ').slice(0, 2500) };
  });
  const junk = fc.oneof(fc.record({ userId: pick(people.everyone), text: junkText }), mutated);

  /** Per action verb (and per workflow for a resubmission, which fills its start form), what follows the case id. */
  const tailKeys = model.actions.flatMap((a) => a.forms.map((form) => ({ key: tailKey(a.verb, a.forms.length > 1 ? form.id : null), form, rest: a.rest })));
  const tails = fc.record(
    Object.fromEntries(
      tailKeys.map(({ key, form, rest }) => [
        key,
        fc.tuple(fields(form, 'partial'), rest ? fc.option(phrase.map(quote), { freq: 3 }) : fc.constant(null)).map(([pairs, r]) => [...pairs, r ?? ''].filter((x) => x !== '').join(' ')),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
  const steered: fc.Arbitrary<Steered> = fc
    .record({
      kind: fc.oneof({ weight: 5, arbitrary: fc.constant('decide' as const) }, { weight: 2, arbitrary: fc.constantFrom('reassign' as const, 'nudge' as const) }),
      ref: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
      able: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      who: fc.nat({ max: 99 }),
      // The first action a workflow lists is its way forward (approve): a little more often.
      what: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat({ max: 99 }) }),
      word: fc.nat({ max: 9 }),
      tails,
    })
    .map((steer) => ({ steer }));
  /** One case from its start through a few steps, answers to half-filled forms in between. */
  const scenario: fc.Arbitrary<Command[]> = fc
    .tuple(start('complete'), fc.array(fc.oneof({ weight: 6, arbitrary: steered }, { weight: 1, arbitrary: reply }), { minLength: 1, maxLength: 6 }))
    .map(([first, next]) => [first, ...next]);

  return { wellFormed, answer, reply, junk, start, decision, steered, scenario };
}

// ---------------------------------------------------------------------------------------------------------------
// The invariants.
// ---------------------------------------------------------------------------------------------------------------

interface Checker {
  app: App;
  /** Every audit action a case-changing write appends, with what it does to the case. */
  changing: Set<string>;
  /** Audit actions about a case that write nothing to it (`task.nudge`). */
  noting: Set<string>;
  authorityId: string;
  transcript: string[];
  stats: Stats;
}

/** What the runs of a property reached (shrinking runs included): the generators' depth, not a property. */
interface Stats {
  /** Audit actions about cases, by how often. */
  actions: Map<string, number>;
  /** Cases that ended in a terminal state, by workflow. */
  finished: Map<string, number>;
  /** Commands that named a case already finished. */
  askedFinished: number;
  /** Commands sent while their sender had a half-filled form. */
  answers: number;
  /** The most half-filled forms open at once, over several people. */
  openForms: number;
}

const newStats = (): Stats => ({ actions: new Map(), finished: new Map(), askedFinished: 0, answers: 0, openForms: 0 });

/**
 * Which audit entries change a case, read off the code that writes them:
 * - `case-service.start` creates the case (version 1) and appends `result.action`; `case-service.decide` updates it
 *   (`cases.update`: version + 1) and appends `result.action`. Both are the workflow's declared `auditActions`.
 * - `task-service.reassign` updates the case (version + 1) and appends `task.reassign`.
 * - the `closeCases` effect (W4 delisting, W2 attribute change) updates each pending case it ends (version + 1) and
 *   appends `case.closed`.
 * - the `fulfilDemand` effect (the W1 entry filed for a W6 demand is published) updates the demand (version + 1) and
 *   appends `W6.published`, naming the publication.
 * - `task-service.nudge` appends `task.nudge` with the case id and writes nothing to the case.
 * Nothing else a chat command reaches appends an entry with a case id (reminders and calendar recomputes do, with
 * `reminder.*` and `calendar.deadline_moved`, but they are the scheduler's and the operator's, not a command's).
 * Hence, for every case: (number of its entries whose action is in `changing`) === its version.
 */
function auditActions(app: App): { changing: Set<string>; noting: Set<string> } {
  return {
    changing: new Set([...app.workflows.workflows.flatMap((wf) => wf.auditActions), 'task.reassign', 'case.closed']),
    // A follow (W6's public demands) notes who follows; it writes no new version.
    noting: new Set(['task.nudge', 'case.followed']),
  };
}

class Broken extends Error {}

function show(text: string): string {
  const s = JSON.stringify(text);
  return s.length > 160 ? `${s.slice(0, 160)}…" (${text.length} chars)` : s;
}

function check(ck: Checker, ok: unknown, what: string): asserts ok {
  if (!ok) throw new Broken(`${what}\n--- the last commands of this run ---\n${ck.transcript.slice(-25).join('\n')}`);
}

const workflowOf = (app: App, c: { workflow: string }): WorkflowDefinition => app.workflows.require(c.workflow);

/** Every grant in the store: the grants of every person and of every case (the port has no "list all"). */
async function allGrants(app: App, cases: readonly CaseRecord[]): Promise<Grant[]> {
  const grants: GrantRepository = app.store.grants;
  const byId = new Map<string, Grant>();
  for (const u of await app.store.users.list()) for (const g of await grants.listByUser(u.id)) byId.set(g.id, g);
  for (const c of cases) for (const g of await grants.listByCase(c.id)) byId.set(g.id, g);
  return [...byId.values()];
}

/** 2. A change to a case is the actor's to make, or follows from one that is; a finished case never changes. */
async function checkChanges(
  ck: Checker,
  actor: User | null,
  before: ReadonlyMap<string, CaseRecord>,
  mayAct: ReadonlyMap<string, string[]>,
  after: readonly CaseRecord[],
  written: readonly AuditEntry[],
): Promise<void> {
  const { app } = ck;
  const afterIds = new Set(after.map((c) => c.id));
  for (const id of before.keys()) check(ck, afterIds.has(id), `case ${id} disappeared`);
  // Every entry a command writes names the person who sent it (a delisting's closures included: its decider).
  for (const e of written) check(ck, actor && e.actorId === actor.id, `audit #${e.seq} ${e.action} names ${e.actorId}, but ${actor?.id ?? 'an unknown user'} wrote`);

  const ownRight = new Set<string>();
  const followers: Array<{ b: CaseRecord; a: CaseRecord; entries: AuditEntry[] }> = [];
  for (const a of after) {
    const b = before.get(a.id);
    const entries = written.filter((e) => e.caseId === a.id);
    if (!b) {
      // A new case: started by the actor, at version 1.
      check(ck, actor, `${a.id} was started by someone the store does not know`);
      check(ck, a.applicantId === actor.id && a.lastActorId === actor.id && a.version === 1, `${a.id} was started for ${a.applicantId} at version ${a.version} by ${actor.id}`);
      ownRight.add(a.id);
      continue;
    }
    if (a.version === b.version) {
      check(ck, isDeepStrictEqual(a, b), `${a.id} changed without a new version: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
      check(ck, entries.every((e) => !ck.changing.has(e.action)), `${a.id} kept version ${a.version} but the audit log got ${entries.map((e) => e.action).join(', ')}`);
      continue;
    }
    const wf = workflowOf(app, b);
    check(ck, !isFinished(wf.terminalStates, b.state), `${a.id} was ${b.state} (finished) and still changed to ${a.state}, version ${b.version} → ${a.version}`);
    check(ck, a.version === b.version + 1, `${a.id} jumped from version ${b.version} to ${a.version} in one command`);
    check(ck, actor, `${a.id} changed on a command of someone the store does not know`);
    check(ck, a.lastActorId === actor.id, `${a.id} now names ${a.lastActorId} as its last actor, but ${actor.id} acted`);
    // The workflow's declaration, asked before the command: the actions this person had on the case as it was. A
    // filer's resubmission is one of them (the table's `resubmit` step is authorised for the case's applicant only).
    const had = mayAct.get(a.id) ?? [];
    if (had.length > 0 && entries.some((e) => wf.auditActions.includes(e.action))) {
      ownRight.add(a.id);
      continue;
    }
    check(ck, had.length === 0 || entries.length > 0, `${a.id} changed ${b.state} → ${a.state} (version ${b.version} → ${a.version}) on ${actor.id}'s command, who may ${had.join(', ')} it, but the audit log got no entry about it`);
    // 转办: not a workflow action but a supervisor's (README "reassign | supervisor"; task-service.reassign): the
    // supervisor of the agency that owes the step, or one at the authority, hands the same step to one person there.
    const reassign = entries.find((e) => e.action === 'task.reassign');
    if (reassign && b.assignee && a.assignee) {
      const target = await app.store.users.get(String(reassign.detail.to));
      check(ck, actor.roles.includes('supervisor') && (actor.agencyId === b.assignee.agencyId || actor.agencyId === ck.authorityId), `${actor.id} reassigned ${a.id} without supervising ${b.assignee.agencyId}`);
      check(
        ck,
        a.state === b.state && isDeepStrictEqual(a.data, b.data) && isDeepStrictEqual(a.deadline, b.deadline) && isDeepStrictEqual(a.assignee, { ...b.assignee, userId: target?.id }),
        `reassigning ${a.id} changed more than who holds the step: ${JSON.stringify(b)} → ${JSON.stringify(a)}`,
      );
      check(ck, target && target.agencyId === b.assignee.agencyId && target.roles.includes(b.assignee.role), `${a.id} was reassigned to ${String(reassign.detail.to)}, who does not hold the step's role at ${b.assignee.agencyId}`);
      ownRight.add(a.id);
      continue;
    }
    followers.push({ b, a, entries });
  }
  // What is left must follow from a change the actor had the right to make: a delisting closes the dataset's pending
  // applications (T10; the `closeCases` effect says which case closed them). The delisting is over — or it is a
  // rectification that took the data down (W9, T10 先行下架) and stays open, the data off the catalog, until it is put right.
  for (const { b, a, entries } of followers) {
    // A W6 demand is met when the W1 entry filed for it is published (T16; the `fulfilDemand` effect): it goes from
    // `opening` to `published`, names that publication, and points at the dataset it published.
    const met = entries.find((e) => e.action === 'W6.published');
    if (met) {
      const pub = after.find((c) => c.id === String(met.detail.by));
      check(
        ck,
        pub && ownRight.has(pub.id) && pub.workflow === 'W1' && pub.state === 'published' && (pub.data as { demandCaseId?: string }).demandCaseId === a.id,
        `${a.id} was met (${b.state} → ${a.state}) by ${String(met.detail.by)}, which ${actor?.id} did not publish for it`,
      );
      check(
        ck,
        a.workflow === 'W6' && b.state === 'opening' && a.state === 'published' && a.assignee === null && a.deadline === null && met.detail.datasetId === pub.datasetId,
        `${a.id} was met by ${pub.id} but is ${a.state} (was ${b.state}), on dataset ${String(met.detail.datasetId)} (the publication's: ${pub.datasetId})`,
      );
      continue;
    }
    const closed = entries.find((e) => e.action === 'case.closed');
    const by = closed ? after.find((c) => c.id === String(closed.detail.by)) : undefined;
    check(
      ck,
      closed && by && ownRight.has(by.id),
      `${a.id} changed ${b.state} → ${a.state} (version ${b.version} → ${a.version}) on ${actor?.id}'s command, who had no action on it (${(mayAct.get(a.id) ?? []).join(', ') || 'none'}); audit: ${entries.map((e) => e.action).join(', ') || 'nothing'}`,
    );
    const takenDown = by.datasetId !== null && (await app.store.datasets.get(by.datasetId))?.status === 'delisted';
    check(
      ck,
      a.state === CLOSED_STATE && a.assignee === null && isPending(b) && a.datasetId === by.datasetId && (isFinished(workflowOf(app, by).terminalStates, by.state) || takenDown),
      `${a.id} was closed by ${by.id} but is ${a.state}, was ${b.state}, on dataset ${a.datasetId} (the delisting's: ${by.datasetId}, now ${by.state})`,
    );
  }
}

/** 3. The store and the audit log tell the same story. */
async function checkConsistency(ck: Checker, cases: readonly CaseRecord[]): Promise<void> {
  const { app } = ck;
  const audit = await app.store.audit.list();
  const chain = app.store.auditIntegrity.checkChain(audit);
  check(ck, chain.ok, `the audit chain breaks at entry ${chain.ok ? '' : chain.seq}`);
  const byCase = new Map(cases.map((c) => [c.id, c]));
  for (const e of audit) if (e.caseId !== null) check(ck, byCase.has(e.caseId), `audit #${e.seq} ${e.action} is about ${e.caseId}, which the store does not have`);

  const trails = new Map<string, AuditEntry[]>();
  for (const c of cases) {
    const wf = workflowOf(app, c);
    const entries = await app.store.audit.listByCase(c.id);
    trails.set(c.id, entries);
    check(ck, isDeepStrictEqual(entries, audit.filter((e) => e.caseId === c.id)), `listByCase(${c.id}) is not the log's entries about ${c.id}`);
    check(ck, entries.length > 0, `${c.id} has no audit entries`);
    for (const e of entries) check(ck, ck.changing.has(e.action) || ck.noting.has(e.action), `${c.id} has an audit entry of unknown kind ${e.action}`);
    const changes = entries.filter((e) => ck.changing.has(e.action));
    check(ck, changes.length === c.version, `${c.id} is at version ${c.version} but has ${changes.length} case-changing audit entries (${changes.map((e) => e.action).join(', ')})`);
    const first = changes[0]!;
    check(ck, wf.auditActions.includes(first.action) && first.actorId === c.applicantId, `${c.id} begins with ${first.action} by ${first.actorId}, not its workflow's start by ${c.applicantId}`);
    check(ck, changes.at(-1)!.actorId === c.lastActorId, `${c.id}'s last actor is ${c.lastActorId}, its last audit entry's ${changes.at(-1)!.actorId}`);
    // Replaying the trail gives the state: each workflow entry records the state it led to (auditDetail), a closure
    // leads to `closed`, a reassignment keeps the state.
    let state: unknown;
    for (const e of changes) {
      if (wf.auditActions.includes(e.action)) state = e.detail.state;
      else if (e.action === 'case.closed') state = CLOSED_STATE;
    }
    check(ck, state === c.state, `${c.id} is ${c.state}, its audit trail ends in ${String(state)}`);
  }

  // A grant ended early (W2: its data closed) keeps only its new last day; the decision that ended it names it and the
  // expiry it had (`endedGrants`: `G-0001:2027-06-30,…`), always a later day, and comes after the grant was made.
  const endedBy = new Map<string, { seq: number; expiresOn: string }>();
  for (const e of audit)
    if (typeof e.detail.endedGrants === 'string')
      for (const item of e.detail.endedGrants.split(',')) {
        const [id, expiresOn] = item.split(':');
        check(ck, !endedBy.has(id!), `grant ${id} was ended twice (again by audit #${e.seq})`);
        endedBy.set(id!, { seq: e.seq, expiresOn: expiresOn! });
      }

  // Every grant belongs to a case whose audit has the entry that signed its agreement, and every such entry granted.
  const grants = await allGrants(app, cases);
  for (const g of grants) {
    const c = byCase.get(g.caseId);
    check(ck, c, `grant ${g.id} names case ${g.caseId}, which the store does not have`);
    check(ck, g.userId === c.applicantId && g.datasetId === c.datasetId, `grant ${g.id} is for ${g.userId} on ${g.datasetId}, case ${c.id} is ${c.applicantId}'s on ${c.datasetId}`);
    const ended = endedBy.get(g.id);
    if (ended) check(ck, g.expiresOn < ended.expiresOn, `grant ${g.id} was ended by audit #${ended.seq} but runs to ${g.expiresOn}, not before ${ended.expiresOn}`);
    const signedUntil = ended?.expiresOn ?? g.expiresOn;
    const approving = (trails.get(c.id) ?? []).filter((e) => workflowOf(app, c).auditActions.includes(e.action) && e.detail.agreementRef === g.agreementRef && e.detail.expiresOn === signedUntil);
    if (ended) check(ck, approving.every((e) => e.seq < ended.seq), `grant ${g.id} was ended by audit #${ended.seq} before it was made`);
    check(ck, approving.length === 1, `grant ${g.id} (${g.agreementRef}) has ${approving.length} approving audit entries in ${c.id}`);
  }
  for (const c of cases) {
    const signed = (trails.get(c.id) ?? []).filter((e) => e.detail.agreementRef !== undefined).length;
    const granted = grants.filter((g) => g.caseId === c.id).length;
    check(ck, signed === granted, `${c.id} has ${signed} agreement entries in its audit but ${granted} grants`);
  }
}

/** What a generated command types, now that the run's cases are known. */
async function resolve(ck: Checker, cmd: Command, cases: readonly CaseRecord[]): Promise<Typed> {
  const { app } = ck;
  const people = model.people.known;
  const nth = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;
  if ('reply' in cmd) {
    const filling: string[] = [];
    for (const id of people) if (await app.store.conversations.get('console', id)) filling.push(id);
    return { userId: nth(filling.length > 0 ? filling : people, cmd.reply.who), text: resolveRefs(cmd.reply.text, cases) };
  }
  if (!('steer' in cmd)) return { userId: cmd.userId, text: resolveRefs(cmd.text, cases) };
  const { kind, ref, able, who, what, word, tails } = cmd.steer;
  const newestFirst = [...cases].sort((a, b) => b.id.localeCompare(a.id, 'en', { numeric: true }));
  const target = newestFirst[ref] ?? newestFirst[0];
  if (!target) return { userId: nth(people, who), text: 'mine' };
  const verbWordOf = (verb: string) => nth(model.words(verb), word);
  if (kind === 'reassign') {
    // A supervisor (or, not `able`, anyone) hands the step to someone holding the step's role at the agency that owes
    // it (or, one time in five, to anyone).
    const holders = target.assignee ? (await app.store.users.listByAgencyRole(target.assignee.agencyId, target.assignee.role)).map((u) => u.id) : [];
    const actor = able ? nth(model.people.supervisors, who) : nth(people, who);
    const to = what % 5 !== 0 && holders.length > 0 ? nth(holders, what) : nth(model.people.everyone, what);
    return { userId: actor, text: `${verbWordOf('reassign')} ${target.id} ${to}` };
  }
  if (kind === 'nudge') {
    const actor = able ? nth([target.applicantId, ...model.people.supervisors], who) : nth(people, who);
    return { userId: actor, text: `${verbWordOf('nudge')} ${target.id}` };
  }
  const options: Array<{ userId: string; verb: string }> = [];
  for (const userId of people) {
    const user = await app.store.users.get(userId);
    if (user) for (const a of await app.service.availableActions(user, target)) options.push({ userId, verb: a.verb });
  }
  const verbs = app.workflows.require(target.workflow).actions.map((a) => a.verb);
  const chosen = able && options.length > 0 ? options[what === 0 ? 0 : (who + what) % options.length]! : { userId: people[who % people.length]!, verb: verbs[what % verbs.length]! };
  const action = model.actions.find((a) => a.verb === chosen.verb)!;
  const form = app.workflows.require(target.workflow).actions.find((a) => a.verb === chosen.verb)?.form ?? app.workflows.require(target.workflow).form;
  const tail = tails[tailKey(chosen.verb, action.forms.length > 1 ? form.id : null)] ?? '';
  return { userId: chosen.userId, text: [verbWordOf(chosen.verb), target.id, tail].filter((x) => x).join(' ') };
}

/**
 * 4. The evaluation read through its memo, kept up as the commands go, is the evaluation of every trail read again:
 * of the year, and of the week before, whose figures leave out every entry since.
 */
async function checkEvaluation(ck: Checker): Promise<void> {
  const { statistics, store } = ck.app;
  const today = '2026-11-23';
  const periods = [{ from: '2026-01-01', to: '2026-12-31' }, { from: '2026-11-16', to: '2026-11-22' }];
  const read = () => Promise.all(periods.flatMap((p) => (['agency', 'workflow'] as const).map((by) => statistics.compute({ ...p, by, scope: null }, today))));
  const kept = await read();
  const memo = await store.handlingMemo.get();
  check(ck, memo !== null, 'the evaluation put no memo');
  await store.handlingMemo.put({ ...memo, basis: 'none' });
  const fresh = await read();
  check(ck, isDeepStrictEqual(kept, fresh), `the figures through the memo ${JSON.stringify(kept)} are not those of the trails ${JSON.stringify(fresh)}`);
  await store.handlingMemo.put(memo);
}

/** Sends one command and checks everything that must hold around it. */
async function step(ck: Checker, cmd: Command): Promise<void> {
  const { app } = ck;
  const cases = await app.store.cases.list();
  const before = new Map(cases.map((c) => [c.id, c]));
  const auditBefore = (await app.store.audit.list()).length;
  const { userId, text } = await resolve(ck, cmd, cases);
  const actor = await app.store.users.get(userId);
  let open = 0;
  for (const id of model.people.known) if (await app.store.conversations.get('console', id)) open++;
  ck.stats.openForms = Math.max(ck.stats.openForms, open);
  if (actor && (await app.store.conversations.get('console', actor.id))) ck.stats.answers++;
  if (cases.some((c) => isFinished(workflowOf(app, c).terminalStates, c.state) && text.toUpperCase().includes(c.id))) ck.stats.askedFinished++;
  const mayAct = new Map<string, string[]>();
  if (actor) for (const c of cases) mayAct.set(c.id, (await app.service.availableActions(actor, c)).map((a) => a.verb));

  let replies: unknown;
  try {
    replies = await app.handler.handle({ channel: 'console', userId, text });
  } catch (error) {
    ck.transcript.push(`${userId}> ${show(text)}  ‼ threw`);
    check(ck, false, `handle threw on ${userId}> ${show(text)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  ck.transcript.push(`${userId}> ${show(text)}  → ${show(Array.isArray(replies) ? replies.join(' ⏎ ') : String(replies))}`);
  // 1. Always an answer.
  check(ck, Array.isArray(replies) && replies.length > 0 && replies.every((r) => typeof r === 'string'), `handle did not answer with strings: ${JSON.stringify(replies)}`);
  check(ck, replies.some((r: string) => r.trim() !== ''), `handle answered with nothing but empty strings: ${JSON.stringify(replies)}`);
  // The translator answers a missing string with its key (`commands.unknown`): a reply must be a sentence, not that.
  for (const r of replies as string[]) check(ck, r.trim() !== '' && !/^[a-z]+(\.[\w-]+)+$/.test(r.trim()), `handle answered with an empty reply or a bare string key: ${JSON.stringify(r)}`);

  const after = await app.store.cases.list();
  const written = (await app.store.audit.list()).slice(auditBefore);
  await checkChanges(ck, actor, before, mayAct, after, written);
  await checkConsistency(ck, after);
}

// ---------------------------------------------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------------------------------------------

let model: Model;
let gen: ReturnType<typeof arbs>;

beforeAll(async () => {
  const app = await openDemo();
  model = deriveModel(app, await app.store.datasets.search());
  gen = arbs(model);
  await app.close();
});

async function run(commands: readonly Command[], stats: Stats): Promise<void> {
  const app = await openDemo();
  try {
    const agencies = await app.store.agencies.list();
    const authority = agencies.find((a) => a.kind === 'authority');
    if (!authority) throw new Error('the demo has no authority');
    const ck: Checker = { app, ...auditActions(app), authorityId: authority.id, transcript: [], stats };
    for (const [i, cmd] of commands.entries()) {
      await step(ck, cmd);
      if (i % 10 === 9) await checkEvaluation(ck);
    }
    await checkEvaluation(ck);
    const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
    for (const e of await app.store.audit.list()) if (e.caseId !== null) count(stats.actions, e.action);
    for (const c of await app.store.cases.list()) if (isFinished(workflowOf(app, c).terminalStates, c.state)) count(stats.finished, c.workflow);
  } finally {
    await app.close();
  }
}

/**
 * A passing property takes a few seconds here. A failing one shrinks its counterexample (each try replays a whole run)
 * for at most a minute and then reports the smallest one found, with the seed and path to resume from.
 */
const BUDGET = { skipAllAfterTimeLimit: 60_000 } as const;
const TEST_TIMEOUT = 150_000;

/** 20 to 60 commands: runs of single commands and short scenarios. */
function commandsOf(item: fc.Arbitrary<Command[]>): fc.Arbitrary<Command[]> {
  return fc.array(item, { minLength: 20, maxLength: 40 }).map((xs) => xs.flat().slice(0, 60));
}

function report(name: string, stats: Stats): void {
  const list = (m: Map<string, number>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ×${n}`).join(', ');
  console.info(
    `${name}: audit actions about cases: ${list(stats.actions)}; finished cases: ${list(stats.finished)}; ` +
      `commands naming a finished case: ${stats.askedFinished}; answers to half-filled forms: ${stats.answers}; most forms open at once: ${stats.openForms}`,
  );
}

/** Every workflow a verb starts. */
const startable = () => [...new Set(model.starts.map((s) => s.workflow))];

describe('the command handler under random commands from several people', () => {
  // Found by a run in CI: publishing the entry filed for a demand meets that demand (T16), a change to a case its
  // publisher had no action on, yet one that follows from theirs.
  it('takes a demand met by the publication filed for it as following from that publication', async () => {
    const stats = newStats();
    const typed = (userId: string, text: string): Command => ({ userId, text });
    await run(
      [
        typed('alice', 'request title="Ridership study" description=x purpose=x agency=市交通运输局'),
        typed('carol', 'approve @case0'),
        typed('bob', 'approve @case0'),
        typed('bob', 'submit name="Ridership study" summary="Ridership study" fields=x attribute=unconditional formats=XLSX type=dataset frequency=realtime security=是 demand=@case0'),
        typed('carol', 'approve @case0'),
      ],
      stats,
    );
    expect(stats.actions.get('W6.published')).toBe(1);
    expect(stats.finished.get('W6')).toBe(1);
  });

  it('never throws, changes only what the actor may change, and keeps the store and the audit log in step', async () => {
    const stats = newStats();
    const command = fc.oneof(
      { weight: 11, arbitrary: gen.wellFormed },
      { weight: 3, arbitrary: gen.answer },
      { weight: 2, arbitrary: gen.reply },
      { weight: 4, arbitrary: gen.junk },
      { weight: 3, arbitrary: gen.steered },
    );
    const commands = commandsOf(fc.oneof({ weight: 4, arbitrary: command.map((c) => [c]) }, { weight: 1, arbitrary: gen.scenario }));
    await fc.assert(
      fc.asyncProperty(commands, (cmds) => run(cmds, stats)),
      { numRuns: 80, ...BUDGET },
    );
    report('mixed commands', stats);
    // Not the product's property but the generators' reach: every workflow was started somewhere (that each is also
    // decided is the walked cases' check below: with fifteen workflows sharing random single commands, a workflow's
    // second action is a matter of luck here).
    for (const wf of startable()) {
      const seen = wf.auditActions.filter((a) => stats.actions.has(a));
      expect(seen.length, `${wf.id} reached nothing`).toBeGreaterThanOrEqual(1);
    }
    expect(stats.actions.has('task.reassign') && stats.actions.has('task.nudge')).toBe(true);
  }, TEST_TIMEOUT);

  it('holds as well when half-filled forms of several people are answered in random order', async () => {
    const stats = newStats();
    // Mostly forms started without all their fields (each asks the rest, one at a time), and bare answers.
    const command = fc.oneof(
      { weight: 5, arbitrary: gen.start('partial') },
      { weight: 2, arbitrary: gen.start('complete') },
      { weight: 3, arbitrary: gen.decision },
      { weight: 2, arbitrary: gen.steered },
      { weight: 3, arbitrary: gen.answer },
      { weight: 6, arbitrary: gen.reply },
      { weight: 1, arbitrary: gen.junk },
    );
    await fc.assert(
      fc.asyncProperty(commandsOf(command.map((c) => [c])), (cmds) => run(cmds, stats)),
      { numRuns: 50, ...BUDGET },
    );
    report('form interleavings', stats);
    // The generators' reach: many answers landed in half-filled forms, and several people had one open at once.
    expect(stats.answers).toBeGreaterThanOrEqual(150);
    expect(stats.openForms).toBeGreaterThanOrEqual(2);
  }, TEST_TIMEOUT);

  it('holds as well when cases are walked through their workflows by whoever may act, among other commands', async () => {
    const stats = newStats();
    const other = fc.oneof(gen.wellFormed, gen.answer, gen.junk).map((c) => [c]);
    await fc.assert(
      fc.asyncProperty(commandsOf(fc.oneof({ weight: 3, arbitrary: gen.scenario }, { weight: 2, arbitrary: other })), (cmds) => run(cmds, stats)),
      // Fourteen workflows share the runs: enough of them that each is walked to its end somewhere.
      { numRuns: 100, ...BUDGET },
    );
    report('walked cases', stats);
    // The generators' reach: every workflow's cases were finished, and finished cases were asked to change again.
    for (const wf of startable()) {
      expect(stats.finished.get(wf.id) ?? 0, `no ${wf.id} case finished`).toBeGreaterThan(0);
      const seen = wf.auditActions.filter((a) => stats.actions.has(a));
      expect(seen.length, `${wf.id} reached only ${seen.join(', ') || 'nothing'}`).toBeGreaterThanOrEqual(2);
    }
    expect(stats.askedFinished).toBeGreaterThanOrEqual(50);
  }, TEST_TIMEOUT);
});
