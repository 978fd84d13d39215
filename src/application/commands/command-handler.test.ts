// The chat handler over the in-memory store: what people type, what they are told, and what changes in the store.
// The clock is pinned to Monday 23 November 2026, 10:00 in Shanghai (no holiday near it, so deadlines are plain
// weekday counts), and the machine's own zone is Los Angeles on purpose (vitest.config.ts).
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../adapters/memory/create-memory-store.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { Locale, User } from '../../domain/model.ts';
import { fixedClock, openApp, type App } from '../../main.ts';
import type { Store } from '../ports/store.ts';
import { seedDemo } from '../seed/seed-demo.ts';
import { renderNotification } from './render.ts';

const MONDAY_10AM_SHANGHAI = new Date('2026-11-23T02:00:00Z');
const DEMO_PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

interface Chat {
  app: App;
  store: Store;
  /** Sends one line as `userId` and returns the replies joined by newlines. */
  say(userId: string, text: string): Promise<string>;
  /** The same, keeping the replies apart. */
  replies(userId: string, text: string): Promise<string[]>;
}

function chatOver(app: App): Pick<Chat, 'say' | 'replies'> {
  const replies = (userId: string, text: string) => app.handler.handle({ channel: 'console', userId, text });
  return { replies, say: async (userId, text) => (await replies(userId, text)).join('\n') };
}

/** A fresh demo platform; everyone reads English unless `locale` says otherwise. */
async function demo(options: { locale?: Locale; now?: Date; store?: Store; profile?: string } = {}): Promise<Chat> {
  const store = options.store ?? createMemoryStore();
  const env = options.profile ? { KAIFANG_PROFILE: options.profile } : {};
  const app = await openApp(loadConfig(env), { store, clock: fixedClock(options.now ?? MONDAY_10AM_SHANGHAI) });
  await seedDemo(store);
  const locale = options.locale ?? 'en';
  for (const id of DEMO_PEOPLE) await store.users.setLocale(id, locale);
  return { app, store, ...chatOver(app) };
}

/** A second app over the same store: what a restart of the bot looks like to the conversations table. */
async function restart(chat: Chat): Promise<Chat> {
  const app = await openApp(loadConfig({}), { store: chat.store, clock: fixedClock(MONDAY_10AM_SHANGHAI) });
  return { app, store: chat.store, ...chatOver(app) };
}

async function addPerson(store: Store, person: Pick<User, 'id' | 'name' | 'agencyId'>): Promise<void> {
  await store.users.upsert({ ...person, roles: ['reviewer'], verified: true, dishonest: false, locale: 'en' });
}

async function pendingFor(store: Store, userId: string, caseId?: string) {
  return (await store.outbox.listPending()).filter((m) => m.userId === userId && (caseId === undefined || m.caseId === caseId));
}

const W1_FULL =
  'name="Hourly ridership" summary="Boardings per stop and hour" fields="stop, hour, boardings" attribute=unconditional formats="CSV, JSON" type=dataset frequency=daily security=yes';
const W5_FULL = 'title="Ridership study" reason="Network planning" type=api period=2027-06-30 result="A report" scenario="Route planning" commit=yes meets=yes';
/** S10: an extension after consulting the reporter, and what was agreed. */
const CONSULTED = 'consulted=yes agreed="The reporter agrees to wait"';

describe('help', () => {
  it('lists every command in Chinese by default, and 帮助 is the same command', async () => {
    const { say } = await demo({ locale: 'zh-CN' });
    const help = await say('alice', 'help');
    expect(help.split('\n')[0]).toBe('kaifang 公共数据开放助手 — 可用命令：');
    for (const line of ['submit 发布', 'apply 申请 <数据集编号>', 'object 异议', 'extend 延期', 'why 时限', 'cancel 取消'])
      expect(help).toContain(line);
    expect(help).toContain('缺少的字段会逐项询问');
    expect(await say('alice', '帮助')).toBe(help);
    expect(await say('alice', '/help')).toBe(help);
  });

  it('switches to English with `lang en` and explains one command on request', async () => {
    const { say, store } = await demo({ locale: 'zh-CN' });
    expect(await say('alice', 'lang en')).toBe('Replies are now in English.');
    expect((await store.users.get('alice'))?.locale).toBe('en');
    const help = await say('alice', 'help');
    expect(help.split('\n')[0]).toBe('kaifang, the public data open platform assistant — commands:');
    expect(help).toContain('approve <case> [note] — pass the step the case is waiting on');
    expect(help).not.toContain('可用命令');
    // One command, by its English name or its Chinese alias.
    expect((await say('alice', 'help approve')).split('\n')[0]).toBe('approve <case> [note] — pass the step the case is waiting on');
    expect(await say('alice', 'help 通过')).toBe(await say('alice', 'help approve'));
    // And back: `lang 中文`.
    expect(await say('alice', 'lang 中文')).toBe('已切换为中文回复。');
  });
});

describe('parsing', () => {
  it('filters the catalog by every word given', async () => {
    const { say } = await demo();
    const bus = await say('alice', 'datasets 公交');
    expect(bus.split('\n')[0]).toBe('Open datasets (2):');
    expect(bus).toContain('DS-0001 · 公交线路与站点 · unconditionally open · 市交通运输局 · dataset · CSV/JSON · monthly');
    expect(bus).toContain('DS-0002 · 公交客流刷卡明细 · conditionally open');
    expect(bus).not.toContain('DS-0003');
    // Every word must match: only the ridership set mentions 刷卡.
    const both = await say('alice', 'datasets 公交 刷卡');
    expect(both).toContain('DS-0002');
    expect(both).not.toContain('DS-0001');
    expect(await say('alice', 'datasets 火星')).toBe('No open dataset matches.');
    expect((await say('alice', 'datasets')).split('\n')[0]).toBe('Open datasets (6):');
  });

  it('finds datasets by what people type: the agency, an English name, a field, the conditions', async () => {
    const { say } = await demo();
    const listed = async (text: string) =>
      (await say('alice', text))
        .split('\n')
        .slice(1)
        .filter((line) => line.startsWith('DS-'))
        .map((line) => line.split(' · ')[0]);
    // 交通 is in neither bus dataset's name: it is the provider's, 市交通运输局.
    expect(await listed('datasets 交通')).toEqual(['DS-0001', 'DS-0002']);
    expect(await listed('datasets bus')).toEqual(['DS-0001', 'DS-0002']);
    expect(await listed('datasets BUS taps')).toEqual(['DS-0002']);
    expect(await listed('datasets 生态环境局')).toEqual(['DS-0003', 'DS-0004', 'DS-0005']);
    expect(await listed('datasets pm2.5')).toEqual(['DS-0003']); // a field (数据项)
    expect(await listed('datasets 商业营销')).toEqual(['DS-0004']); // its open conditions
    expect(await say('alice', 'datasets bus 生态')).toBe('No open dataset matches.');
  });

  it('names an unknown command, an unclosed quote and an unknown field, and starts no form', async () => {
    const { say, store } = await demo();
    expect(await say('alice', 'frobnicate DS-0001')).toBe('Unknown command "frobnicate". Type help for the list.');
    expect(await say('alice', 'apply DS-0002 title="Ridership')).toBe('A quote is not closed; please check and send again.');
    expect(await say('alice', 'apply DS-0002 colour=red')).toBe(
      'There is no field "colour". Fields: Title, Reason, Type, Usage period (period), Result form (result), Scenario, Commitment, Meets the conditions (meets)',
    );
    expect(await store.conversations.get('console', 'alice')).toBeNull();
    expect(await say('nobody', 'help')).toBe('未找到用户「nobody」，请先由运营人员开通账号。');
    expect(await store.cases.list()).toEqual([]);
  });

  it('takes a field by its Chinese label as well as by its name', async () => {
    const { say, store } = await demo();
    const reply = await say('alice', 'apply DS-0002 标题="客流研究" 事由="线网规划" type=api period=2027-06-30 result=报告 scenario=规划 commit=yes meets=yes');
    expect(reply).toBe('Received C-0001 (Conditional data application). Now: in formal review, due by 2026-11-30 (inclusive).');
    const c = await store.cases.get('C-0001');
    expect(c?.data).toMatchObject({ application: { title: '客流研究', reason: '线网规划', type: 'api', commit: true, meets: true } });
  });
});

describe('W1 by `submit`, one field at a time', () => {
  it('asks each field, asks the conditions only for conditional data, re-asks an invalid choice, and publishes on approval', async () => {
    const { say, replies, store } = await demo();
    expect(await say('bob', 'submit')).toBe('(1/8) Name: The dataset\'s name, e.g. "Bus routes and stops"\n(type cancel to give up)');
    expect(await say('bob', 'Hourly ridership')).toMatch(/^\(2\/8\) Summary: /);
    expect(await say('bob', 'Boardings per stop and hour')).toMatch(/^\(3\/8\) Data items: /);
    const attribute = await say('bob', 'stop, hour, boardings');
    expect(attribute).toMatch(/^\(4\/8\) Open attribute: /);
    expect(attribute).toContain('One of: Unconditionally open / Conditionally open');

    // Not one of the options: told why, and asked the same question again; nothing stored for it.
    const wrong = await replies('bob', 'maybe');
    expect(wrong).toHaveLength(2);
    expect(wrong[0]).toMatch(/^Open attribute is not valid: /);
    expect(wrong[1]).toMatch(/^\(4\/8\) Open attribute: /);
    expect((await store.conversations.get('console', 'bob'))?.values.attribute).toBeUndefined();

    // Conditional data must state its conditions and declare them non-discriminatory (T6): two more questions.
    expect(await say('bob', 'Conditional')).toMatch(/^\(5\/10\) Conditions: Required for conditional data/);
    expect(await say('bob', 'Research use only')).toMatch(/^\(6\/10\) Non-discrimination: Required for conditional data/);
    expect(await say('bob', 'yes')).toMatch(/^\(7\/10\) Formats: /);
    expect(await say('bob', 'CSV, JSON')).toMatch(/^\(8\/10\) Data type: /);
    expect(await say('bob', 'api')).toMatch(/^\(9\/10\) Update frequency: .*One of: .*Irregular \/ Archived/);
    const security = await say('bob', 'irregular');
    expect(security).toMatch(/^\(10\/10\) Security review: .*Tai'an Implementing Rules \(draft\), art\. 9/);
    // S32: no confirmation, no submission; the question is asked again.
    const refused = await replies('bob', 'no');
    expect(refused[0]).toMatch(/^Security review is not valid: /);
    expect(refused[1]).toMatch(/^\(10\/10\) Security review: /);
    expect(await store.cases.list()).toEqual([]);
    // 2 working days (T9) from Monday 23 November, that day not counted: Wednesday 25.
    expect(await say('bob', 'yes')).toBe('Received C-0001 (Dataset publication). Now: in formal review, due by 2026-11-25 (inclusive).');
    expect(await store.conversations.get('console', 'bob')).toBeNull();

    // The entry waits unpublished until the authority's formal review passes it.
    const pending = await store.datasets.findByCode('DS-0007');
    expect(pending).toMatchObject({
      name: 'Hourly ridership',
      fields: ['stop', 'hour', 'boardings'],
      attribute: 'conditional',
      conditions: 'Research use only',
      formats: ['CSV', 'JSON'],
      dataType: 'api',
      updateFrequency: 'irregular',
      providerAgencyId: 'transport',
      status: 'pending',
    });
    expect((await store.cases.get('C-0001'))?.data).toMatchObject({ declarations: { securityReviewed: true, nonDiscriminatory: true } });
    // The authority's task names the data type and the frequency in its reader's language.
    const [task] = await pendingFor(store, 'carol', 'C-0001');
    expect(task?.params).toMatchObject({ typeLabel: 'forms.w1.type.options.api', frequencyLabel: 'forms.w1.frequency.options.irregular' });
    expect(await say('alice', 'datasets ridership')).toBe('No open dataset matches.');

    expect(await say('carol', 'approve C-0001')).toBe('C-0001 done; it is now: published.');
    expect((await store.datasets.findByCode('DS-0007'))?.status).toBe('published');
    expect(await say('alice', 'datasets ridership')).toBe(
      // Z19 应公布开放条件: a conditional dataset is listed with its conditions.
      'Open datasets (1):\nDS-0007 · Hourly ridership · conditionally open · 市交通运输局 · API · CSV/JSON · irregular\n    Open conditions: Research use only',
    );
    expect((await pendingFor(store, 'bob', 'C-0001')).map((m) => m.message)).toEqual(['notify.w1.submitted', 'notify.w1.published']);
  });

  it('refuses conditional data without the non-discrimination declaration (T6), and shows type and frequency in the status', async () => {
    const { say, replies, store } = await demo({ locale: 'zh-CN' });
    const conditional = 'name="到站预测" summary="各站到站时间预测" fields="线路、站点、预计到站" attribute=conditional conditions="限本市注册企业" formats=API type=api frequency=archived security=是';
    // 否 is no declaration: said so, and asked again; nothing is filed.
    const refused = await replies('bob', `submit ${conditional} fair=否`);
    expect(refused[0]).toMatch(/^「非歧视性声明」填写有误/);
    expect(refused[1]).toMatch(/^（\d+\/10）请填写「非歧视性声明」：有条件开放时必填：确认所设开放条件与数据风险相匹配，未设置规模性、地域性等歧视性条件（《泰安市公共数据开放实施细则（征求意见稿）》第六条）/);
    expect(await store.cases.list()).toEqual([]);
    expect(await say('bob', '是')).toMatch(/^已提交 C-0001（开放数据发布）/);
    expect(await store.datasets.findByCode('DS-0007')).toMatchObject({ dataType: 'api', updateFrequency: 'archived', conditions: '限本市注册企业' });
    const status = await say('bob', 'status C-0001');
    expect(status).toContain('数据类型：接口');
    expect(status).toContain('更新频率：已归档（不再更新）');
    // The history keeps what was declared.
    expect(status).toMatch(/提交开放数据（类型：接口）（已确认完成安全审查）（已声明开放条件无歧视性条件）/);
  });

  it('does not ask for conditions when the data is unconditional', async () => {
    const { say } = await demo();
    await say('bob', 'submit name="Bus stops" summary="All stops" fields="id, name"');
    expect(await say('bob', 'unconditional')).toMatch(/^\(5\/8\) Formats: /);
  });

  it('lets 取消 abandon the form and changes nothing', async () => {
    const { say, store } = await demo();
    await say('bob', 'submit');
    await say('bob', 'Hourly ridership');
    expect(await say('bob', '取消')).toBe('Cancelled; nothing was changed.');
    expect(await store.conversations.get('console', 'bob')).toBeNull();
    expect(await store.cases.list()).toEqual([]);
    expect(await store.datasets.search()).toHaveLength(6);
    expect(await store.outbox.listPending()).toEqual([]);
    // The next line is a command again, not an answer.
    expect((await say('bob', 'datasets')).split('\n')[0]).toBe('Open datasets (6):');
    expect(await say('bob', '取消')).toBe('There is no form in progress.');
  });

  it('keeps other people out of the provider’s form', async () => {
    const { say, store } = await demo();
    // T9: providers submit; an applicant or the authority's own staff may not.
    expect(await say('alice', 'submit')).toBe('Your role cannot do this.');
    expect(await say('carol', 'submit')).toBe('Your role cannot do this.');
    expect(await store.conversations.get('console', 'alice')).toBeNull();
  });
});

describe('W1 returned and resubmitted', () => {
  it('tells every reason at once and takes a correction that keeps the fields left out', async () => {
    const { say, store } = await demo();
    await say('bob', `submit ${W1_FULL}`);
    expect(await say('carol', 'return C-0001 reasons="Summary too short; add the stop coordinates"')).toBe(
      'C-0001 done; it is now: returned for correction.',
    );
    // 一次性告知: both reasons, numbered, in the status and in the message to the provider.
    const status = await say('bob', 'status C-0001');
    expect(status).toContain('State: returned for correction');
    expect(status).toContain('Returned for:\n1. Summary too short\n2. add the stop coordinates');
    const [returned] = (await pendingFor(store, 'bob', 'C-0001')).filter((m) => m.message === 'notify.w1.returned');
    expect(returned?.params).toMatchObject({ count: 2 });
    expect(await say('carol', 'queue')).toBe('No tasks are waiting on you.');

    // Only the submitter corrects it, and only with fields the form knows.
    expect(await say('frank', 'resubmit C-0001 summary=x')).toBe('C-0001 is not your case.');
    expect(await say('bob', 'resubmit C-0001 colour=red')).toBe(
      'There is no field "colour". Fields: Name, Summary, Data items (fields), Open attribute (attribute), Conditions, Non-discrimination, Formats, Data type (type), Update frequency (frequency), Sharing, Sharing conditions (share_conditions), Sharing basis (share_basis), Security review (security), Demand',
    );
    expect(await say('bob', 'resubmit C-0001 summary="Boardings per stop and hour, with coordinates" fields="stop, lat, lon, hour, boardings"')).toBe(
      'C-0001 done; it is now: in formal review, due by 2026-11-25 (inclusive).',
    );
    expect(await store.datasets.findByCode('DS-0007')).toMatchObject({
      name: 'Hourly ridership',
      summary: 'Boardings per stop and hour, with coordinates',
      fields: ['stop', 'lat', 'lon', 'hour', 'boardings'],
      status: 'pending',
    });
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'formal_review', version: 3, data: { submissions: 2, reasons: [] } });
    expect(await say('carol', 'queue')).toContain('C-0001 · Dataset publication · in formal review · DS-0007 Hourly ridership · due by 2026-11-25 (inclusive)');
  });
});

describe('W7 objection with an extension', () => {
  it('runs report → queue → extension → authority approval → resolution, telling the reporter each step', async () => {
    const { say, store, app } = await demo();
    // The free text after the dataset code is the objection, spaces and all.
    expect(await say('alice', 'object DS-0001 Route 3 stop coordinates are wrong')).toBe(
      'Received C-0001 (Objection). Now: being handled, due by 2026-11-30 (inclusive).',
    );
    expect((await store.cases.get('C-0001'))?.data).toMatchObject({ text: 'Route 3 stop coordinates are wrong' });
    // S10: 5 working days, Tue 24 … Fri 27, Mon 30.
    expect(await say('bob', 'queue')).toBe(
      'Your tasks (1), soonest deadline first:\nC-0001 · Objection · being handled · DS-0001 公交线路与站点 · due by 2026-11-30 (inclusive)',
    );

    expect(await say('bob', `extend C-0001 days=10 reason="Needs a field survey" ${CONSULTED}`)).toBe(
      'C-0001 done; it is now: extension awaiting approval, due by 2026-11-30 (inclusive).',
    );
    // The authority decides the extension; meanwhile it is not the provider's task.
    expect(await say('bob', 'queue')).toBe('No tasks are waiting on you.');
    expect(await say('carol', 'queue')).toContain('C-0001 · Objection · extension awaiting approval');

    // Approved: the same clock, 5 + 10 = 15 working days from 23 November → Monday 14 December.
    expect(await say('carol', 'approve C-0001')).toBe('C-0001 done; it is now: being handled, due by 2026-12-14 (inclusive).');
    expect(await store.cases.get('C-0001')).toMatchObject({
      state: 'handling',
      assignee: { agencyId: 'transport', role: 'reviewer' },
      deadline: { startedOn: '2026-11-23', workingDays: 15, dueOn: '2026-12-14', provisional: false },
    });
    expect(await say('bob', 'queue')).toContain('C-0001 · Objection · being handled · DS-0001 公交线路与站点 · due by 2026-12-14 (inclusive)');

    expect(await say('bob', 'resolve C-0001 Coordinates corrected in the May release')).toBe('C-0001 done; it is now: resolved.');
    expect(await say('bob', 'queue')).toBe('No tasks are waiting on you.');

    const toAlice = await pendingFor(store, 'alice', 'C-0001');
    expect(toAlice.map((m) => m.message)).toEqual([
      'notify.w7.submitted',
      'notify.w7.extension_requested',
      'notify.w7.extension_approved',
      'notify.w7.resolved',
    ]);
    expect(toAlice[1]?.params).toMatchObject({ agreed: 'The reporter agrees to wait' });
    expect(toAlice[2]?.params).toMatchObject({ workingDays: 10, dueOn: '2026-12-14' });
    expect(toAlice[3]?.params).toMatchObject({ datasetCode: 'DS-0001', feedback: 'Coordinates corrected in the May release' });
    // The reporter reads the new date, and what was done.
    const read = (i: number) => renderNotification(app.translator.for('zh-CN'), toAlice[i]!.message, toAlice[i]!.params);
    expect(read(2)).toContain('延期申请经主管部门审核同意，延长 10 个工作日，办理期限延至 2026-12-14（含当日）');
    expect(read(3)).toContain('提出的异议（事项 C-0001）已处理完毕。处理结果：Coordinates corrected in the May release');
    expect((await pendingFor(store, 'carol', 'C-0001')).map((m) => m.message)).toEqual(['notify.w7.extension_assigned']);
  });

  it('refuses an extension past 30 working days in all and changes nothing', async () => {
    const { say, store } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    await say('bob', `extend C-0001 days=20 reason="Field survey" ${CONSULTED}`);
    expect(await say('carol', 'approve C-0001')).toBe('C-0001 done; it is now: being handled, due by 2026-12-28 (inclusive).');
    const before = await store.cases.get('C-0001');

    // S10: 5 + 20 already; 10 more would make 35.
    expect(await say('bob', `extend C-0001 days=10 reason="Still surveying" ${CONSULTED}`)).toBe(
      'That would pass the limit of 30 working days in all; at most 5 more can be granted.',
    );
    expect(await store.cases.get('C-0001')).toEqual(before);
    expect(await store.conversations.get('console', 'bob')).toBeNull();
    // Exactly up to the limit is allowed.
    expect(await say('bob', `extend C-0001 days=5 reason="Last check" ${CONSULTED}`)).toBe(
      'C-0001 done; it is now: extension awaiting approval, due by 2026-12-28 (inclusive).',
    );
  });

  it('explains the deadline day by day', async () => {
    const { say } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    await say('bob', `extend C-0001 days=10 reason="Field survey" ${CONSULTED}`);
    await say('carol', 'approve C-0001');
    const lines = (await say('alice', 'why C-0001')).split('\n');
    expect(lines[0]).toBe(
      "C-0001 (being handled): 15 working days from 2026-11-23 (not counted), due at the end of 2026-12-14 (Asia/Shanghai). Rule: Tai'an S10. Day by day:",
    );
    // Every calendar day from the 24th to the 14th: 15 working days and three weekends, then the notice relied on.
    expect(lines).toHaveLength(1 + 21 + 1);
    expect(lines[1]).toBe('  2026-11-24  Tue  working day 1');
    expect(lines).toContain('  2026-11-28  Sat  skipped  weekend');
    expect(lines).toContain('  2026-11-30  Mon  working day 5');
    expect(lines.at(-2)).toBe('  2026-12-14  Mon  working day 15');
    expect(lines.filter((l) => l.endsWith('weekend'))).toHaveLength(6);
    expect(lines.at(-1)).toBe('Calendar: 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号） (2026)');
    expect(await say('alice', 'why')).toBe('Usage: why <case> — the deadline and how it was worked out');
  });

  it('counts the National Day holidays and the make-up Saturday when explaining', async () => {
    // Filed on 30 September 2026: the spec's example, 5 working days → 13 October.
    const { say } = await demo({ now: new Date('2026-09-30T02:00:00Z') });
    expect(await say('alice', 'object DS-0003 PM2.5 readings missing')).toBe(
      'Received C-0001 (Objection). Now: being handled, due by 2026-10-13 (inclusive).',
    );
    const lines = (await say('alice', 'why C-0001')).split('\n').slice(1, -1);
    expect(lines).toHaveLength(13);
    // Oct 1–7 off, Oct 10 a make-up working Saturday, Oct 11 an ordinary Sunday.
    expect(lines[0]).toBe('  2026-10-01  Thu  skipped  holiday: National Day');
    expect(lines[6]).toBe('  2026-10-07  Wed  skipped  holiday: National Day');
    expect(lines[7]).toBe('  2026-10-08  Thu  working day 1');
    expect(lines[9]).toBe('  2026-10-10  Sat  working day 3  make-up working day: National Day');
    expect(lines[10]).toBe('  2026-10-11  Sun  skipped  weekend');
    expect(lines.at(-1)).toBe('  2026-10-13  Tue  working day 5');
    // The holiday's name in the reader's language.
    await say('alice', 'lang zh-CN');
    const chinese = (await say('alice', '时限 C-0001')).split('\n');
    expect(chinese[1]).toBe('  2026-10-01  周四  不计  节假日·国庆节');
    expect(chinese[10]).toBe('  2026-10-10  周六  第 3 个工作日  调休上班·国庆节');
  });

  it('answers "no clock" for a finished case', async () => {
    const { say } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    await say('bob', 'approve C-0001 note=Fixed');
    expect(await say('alice', 'why C-0001')).toBe('C-0001 is resolved: no clock is running.');
  });
});

describe('W7 as S10, Z20, B33 and T17 say', () => {
  it('refuses to close an objection without telling the reporter what was done (处理并反馈), and changes nothing', async () => {
    const { say, store } = await demo({ locale: 'zh-CN' });
    await say('alice', 'object DS-0001 第3路站点坐标有误');
    const before = await store.cases.get('C-0001');
    // A bare approve is no resolution: refused, nothing asked, nothing written, nobody told.
    expect(await say('bob', 'approve C-0001')).toBe(
      '办结异议或建议须将处理结果反馈提出人（《泰安市公共数据开放实施细则（征求意见稿）》第十七条，参照《苏州市公共数据开放实施细则》第十条）：请写明做了什么，如：反馈 <事项编号> 已更正第3行站点坐标。本次操作未生效。',
    );
    expect(await say('bob', '通过 C-0001 note=" "')).toMatch(/^办结异议或建议须将处理结果反馈提出人/);
    expect(await store.cases.get('C-0001')).toEqual(before);
    expect(await store.conversations.get('console', 'bob')).toBeNull();
    expect((await pendingFor(store, 'alice', 'C-0001')).map((m) => m.message)).toEqual(['notify.w7.submitted']);
    // resolve (反馈) asks for what was done, and confirms before deciding.
    expect(await say('bob', '反馈 C-0001')).toMatch(/^（1\/1）请填写「处理结果」：已做的处理及结果，将反馈给提出人（《泰安市公共数据开放实施细则（征求意见稿）》第十七条，参照《苏州市公共数据开放实施细则》第十条）/);
    expect(await say('bob', '已更正第3路站点坐标')).toContain('处理结果：已更正第3路站点坐标');
    expect(await say('bob', '是')).toBe('C-0001 已办理，当前状态：已处理。');
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'resolved', data: { feedback: '已更正第3路站点坐标' } });
    // A typed approve with the feedback does the same.
    await say('alice', 'object DS-0001 末班时间有误');
    expect(await say('bob', 'approve C-0002 已核实并更正末班时间')).toBe('C-0002 已办理，当前状态：已处理。');
    expect((await store.cases.get('C-0002'))?.data).toMatchObject({ feedback: '已核实并更正末班时间' });
  });

  it('files a suggestion as one, and shows it so in the provider’s task, the status and the history', async () => {
    const { say, store, app } = await demo({ locale: 'zh-CN' });
    // 建议 right after the dataset code makes it a suggestion; the rest is its text.
    expect(await say('alice', '异议 DS-0001 建议 增加站点经纬度字段')).toMatch(/^已提交 C-0001/);
    expect((await store.cases.get('C-0001'))?.data).toMatchObject({ kind: 'suggestion', text: '增加站点经纬度字段' });
    const [task] = await pendingFor(store, 'bob', 'C-0001');
    expect(renderNotification(app.translator.for('zh-CN'), task!.message, task!.params)).toMatch(
      /^数据集 DS-0001「公交线路与站点」收到建议（事项 C-0001）：\n增加站点经纬度字段\n请于 2026-11-30（含当日）前处理，并将处理结果反馈提出人。/,
    );
    const [receipt] = await pendingFor(store, 'alice', 'C-0001');
    expect(renderNotification(app.translator.for('en'), receipt!.message, receipt!.params)).toContain('Your report on dataset DS-0001 "公交线路与站点" (Suggestion)');
    const status = await say('bob', 'status C-0001');
    expect(status).toContain('类型：建议');
    expect(status).toMatch(/Alice 王丽 提出异议或建议（类型：建议）$/m);
    // Without the word it is an objection; kind= names it too, by its code.
    await say('alice', 'object DS-0001 建议增加字段');
    expect((await store.cases.get('C-0002'))?.data).toMatchObject({ kind: 'error', text: '建议增加字段' });
    await say('alice', 'object DS-0001 kind=suggestion Publish weekly');
    expect((await store.cases.get('C-0003'))?.data).toMatchObject({ kind: 'suggestion', text: 'Publish weekly' });
    await store.users.setLocale('alice', 'en');
    expect(await say('alice', 'object DS-0001 suggestion Add the operator')).toMatch(/^Received C-0004 /);
    expect((await store.cases.get('C-0004'))?.data).toMatchObject({ kind: 'suggestion', text: 'Add the operator' });
    expect(await say('alice', 'status C-0002')).toContain('Kind: Objection');
  });

  it('refuses an extension without consulting the reporter (协商沟通), and records the consultation when there was one', async () => {
    const { say, replies, store } = await demo({ locale: 'zh-CN' });
    await say('alice', 'object DS-0001 第3路站点坐标有误');
    const before = await store.cases.get('C-0001');
    // 否 is no consultation: said so and asked again; nothing is decided.
    const refused = await replies('bob', 'extend C-0001 days=10 reason="需现场核实" consulted=否 agreed="同意延期"');
    expect(refused[0]).toMatch(/^「协商沟通」填写有误/);
    expect(refused[1]).toMatch(/^（3\/4）请填写「协商沟通」：确认已就延期与提出人协商沟通（参照《苏州市公共数据开放实施细则》第十条/);
    expect(await say('bob', '取消')).toBe('已取消，未做任何更改。');
    expect(await store.cases.get('C-0001')).toEqual(before);
    // Asked for everything S10 needs, one question at a time.
    expect(await say('bob', 'extend C-0001 days=10 reason="需现场核实"')).toMatch(/^（3\/4）请填写「协商沟通」/);
    expect(await say('bob', '是')).toMatch(/^（4\/4）请填写「协商结果」/);
    expect(await say('bob', '提出人同意延期，核实后书面告知')).toContain('协商结果：提出人同意延期，核实后书面告知');
    expect(await say('bob', '是')).toBe('C-0001 已办理，当前状态：延期待审核，应于 2026-11-30（含当日）前办结。');
    expect((await store.cases.get('C-0001'))?.data).toMatchObject({
      extensions: [{ workingDays: 10, consulted: true, agreed: '提出人同意延期，核实后书面告知', decision: 'pending' }],
    });
    expect(await say('carol', 'status C-0001')).toMatch(/申请延期（说明：需现场核实）（10 个工作日）（已与提出人协商沟通）（协商结果：提出人同意延期，核实后书面告知）/);
  });

  it('refuses a dismissal without a reason, and dismisses with the basis and the reason', async () => {
    const { say, store } = await demo({ locale: 'zh-CN' });
    await say('alice', 'object DS-0001 第3路站点坐标有误');
    const before = await store.cases.get('C-0001');
    expect(await say('bob', 'reject C-0001 basis="经核对与原始记录一致"')).toBe('不予采纳须写明依据和理由，理由将告知提出人。本次操作未生效。');
    expect(await store.cases.get('C-0001')).toEqual(before);
    // 不予采纳 asks for both.
    expect(await say('bob', '不予采纳 C-0001 basis="经核对与原始记录一致"')).toMatch(/^（2\/2）请填写「理由」：向提出人说明不予采纳的理由/);
    await say('bob', '该站点坐标经实地复核无误');
    expect(await say('bob', '是')).toBe('C-0001 已办理，当前状态：不予采纳。');
    const [told] = (await pendingFor(store, 'alice', 'C-0001')).filter((m) => m.message === 'notify.w7.dismissed');
    expect(told?.params).toMatchObject({ legalBasis: '经核对与原始记录一致', reason: '该站点坐标经实地复核无误' });
  });

  it('offers the provider 处理并反馈, 退回 and 不予采纳 while handling, and the authority 通过 and 驳回 on an extension', async () => {
    const { say, app } = await demo({ locale: 'zh-CN' });
    await say('alice', 'object DS-0001 第3路站点坐标有误');
    const buttons = async (userId: string) => (await app.chat.taskButtons(userId, 'C-0001', 'notify.why.assignee'))?.actions.map((a) => [a.verb, a.label]);
    expect(await buttons('bob')).toEqual([
      ['resolve', '处理并反馈'],
      ['return', '退回'],
      ['dismiss', '不予采纳'],
    ]);
    await say('bob', `extend C-0001 days=5 reason="现场核实" ${CONSULTED}`);
    expect((await buttons('carol'))?.map(([verb]) => verb)).toEqual(['approve', 'reject']);
  });
});

describe('W1 and W7 as whole forms (a Slack modal)', () => {
  it('opens 处理并反馈 with its required field, and refuses it empty on that field', async () => {
    const { say, store, app } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    const pressed = await app.handler.press({ channel: 'slack', userId: 'bob', caseId: 'C-0001', version: 1, action: 'resolve' });
    expect(pressed).toEqual({ kind: 'form', form: { verb: 'resolve', formId: 'resolve', target: 'C-0001', caseVersion: 1, values: {} } });
    const filled = pressed.kind === 'form' ? pressed.form : null;
    const empty = await app.handler.submitForm({ channel: 'slack', userId: 'bob' }, { ...filled!, values: { feedback: ' ' } });
    expect(empty).toEqual({ ok: false, fieldErrors: { feedback: 'What was done is missing: The action taken and its outcome, which the reporter is told (Tai\'an Implementing Rules (draft), art. 17, after Suzhou Implementing Rules, art. 10), e.g. "Corrected the coordinates in row 3; published with the next update"' }, reply: null });
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'handling', version: 1 });
    expect(await app.handler.submitForm({ channel: 'slack', userId: 'bob' }, { ...filled!, values: { feedback: 'Corrected' } })).toMatchObject({ ok: true });
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'resolved', data: { feedback: 'Corrected' } });
  });

  it('refuses a W1 entry without the security review, or conditional without the declaration, on the field', async () => {
    const { store, app } = await demo();
    const opened = await app.handler.openForm({ channel: 'slack', userId: 'bob', text: 'submit' });
    const form = opened.ok ? opened.form! : null;
    const values = { name: 'Stops', summary: 'All stops', fields: 'id, name', attribute: 'conditional', conditions: 'Research only', formats: 'CSV', type: 'dataset', frequency: 'irregular' };
    const submit = (more: Record<string, string>) => app.handler.submitForm({ channel: 'slack', userId: 'bob' }, { ...form!, values: { ...values, ...more } });
    expect(await submit({ fair: 'yes' })).toMatchObject({ ok: false, fieldErrors: { security: expect.stringMatching(/^Security review is missing/) } });
    expect(await submit({ security: 'yes' })).toMatchObject({ ok: false, fieldErrors: { fair: expect.stringMatching(/^Non-discrimination is missing/) } });
    expect(await store.cases.list()).toEqual([]);
    expect(await submit({ fair: 'yes', security: 'yes' })).toMatchObject({ ok: true, caseId: 'C-0001' });
    // Unconditional data is not asked the declaration.
    expect(await submit({ attribute: 'unconditional', conditions: '', security: 'yes' })).toMatchObject({ ok: true, caseId: 'C-0002' });
  });
});

describe('queues and who may see what', () => {
  it('orders a queue by deadline, not by case number, and shows a supervisor the agency’s tasks', async () => {
    const { say } = await demo();
    // C-0001: a W5 formal review, 5 wd → 30 November. C-0002: a W1 formal review, 2 wd → 25 November.
    await say('alice', `apply DS-0002 ${W5_FULL}`);
    await say('bob', `submit ${W1_FULL}`);
    const expected = [
      'Your tasks (2), soonest deadline first:',
      'C-0002 · Dataset publication · in formal review · DS-0007 Hourly ridership · due by 2026-11-25 (inclusive)',
      'C-0001 · Conditional data application · in formal review · DS-0002 公交客流刷卡明细 · due by 2026-11-30 (inclusive)',
    ].join('\n');
    expect(await say('carol', 'queue')).toBe(expected);
    // Dave supervises the bureau: he sees its work but decides nothing himself.
    expect(await say('dave', 'queue')).toBe(expected);
    expect(await say('dave', 'approve C-0001')).toBe('Your role cannot do this.');
    expect(await say('frank', 'queue')).toBe('No tasks are waiting on you.');
    expect(await say('alice', 'queue')).toBe('No tasks are waiting on you.');
  });

  it('keeps an applicant out of another applicant’s case and a reviewer out of another agency’s task', async () => {
    const { say, store } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    expect(await say('erin', 'status C-0001')).toBe('C-0001 is not your case.');
    expect(await say('erin', 'why C-0001')).toBe('C-0001 is not your case.');
    expect(await say('frank', 'status C-0001')).toBe('C-0001 is not your case.');
    // Refused before any field is asked.
    expect(await say('frank', 'approve C-0001')).toBe("C-0001 is not your agency's task.");
    expect(await say('frank', 'return C-0001')).toBe("C-0001 is not your agency's task.");
    expect(await store.conversations.get('console', 'frank')).toBeNull();
    expect(await say('alice', 'status C-9999')).toBe('C-9999 was not found.');
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'handling', version: 1 });
    // The owner and the provider both see it.
    expect(await say('alice', 'status C-0001')).toContain('State: being handled');
    expect(await say('bob', 'status C-0001')).toContain('Raised by: Alice 王丽');
  });
});

describe('a conversation outlives the process', () => {
  it('continues a half-filled form after a restart', async () => {
    const first = await demo();
    expect(await first.say('bob', 'submit name="Hourly ridership" summary="Boardings per stop"')).toMatch(/^\(3\/8\) Data items: /);

    const second = await restart(first);
    expect(second.app.handler).not.toBe(first.app.handler);
    expect(await second.say('bob', 'stop, hour')).toMatch(/^\(4\/8\) Open attribute: /);
    // An answer may also name its field, here by its Chinese label.
    expect(await second.say('bob', '开放属性=unconditional')).toMatch(/^\(5\/8\) Formats: /);
    await second.say('bob', 'CSV');
    await second.say('bob', 'dataset');
    await second.say('bob', 'monthly');
    expect(await second.say('bob', '是')).toBe('Received C-0001 (Dataset publication). Now: in formal review, due by 2026-11-25 (inclusive).');
    expect((await first.store.datasets.findByCode('DS-0007'))?.name).toBe('Hourly ridership');
  });

  it('tells a reviewer whose half-filled decision was overtaken who decided first', async () => {
    const first = await demo();
    await addPerson(first.store, { id: 'tom', name: 'Tom 唐明', agencyId: 'transport' });
    await first.say('alice', 'object DS-0001 Wrong coordinates');
    expect(await first.say('bob', 'return C-0001')).toMatch(/^\(1\/1\) Reasons: /);
    // Meanwhile Tom, the other transport reviewer, resolves it.
    expect(await first.say('tom', 'approve C-0001 note=Fixed')).toBe('C-0001 done; it is now: resolved.');

    const second = await restart(first);
    expect(await second.say('bob', 'Which route?; Which stop?')).toBe(
      'C-0001 was already decided by Tom 唐明; it is now: resolved. Your action changed nothing.',
    );
    expect(await first.store.conversations.get('console', 'bob')).toBeNull();
    expect(await first.store.cases.get('C-0001')).toMatchObject({ state: 'resolved', version: 2, lastActorId: 'tom' });
  });

  it('also when the case moved on to another agency’s step rather than to an end', async () => {
    const chat = await demo();
    await addPerson(chat.store, { id: 'carl', name: 'Carl 钱凯', agencyId: 'bdb' });
    await chat.say('alice', `apply DS-0002 ${W5_FULL}`);
    // Carol starts returning the formal review; Carl, her colleague, passes it before she has given the reasons.
    expect(await chat.say('carol', 'return C-0001')).toMatch(/^\(1\/1\) Reasons: /);
    expect(await chat.say('carl', 'approve C-0001')).toBe('C-0001 done; it is now: in provider review, due by 2026-12-07 (inclusive).');
    // Carol answered the question she was asked about version 1: she is told Carl decided first, not that the case
    // is not her agency's (it was, when she started).
    expect(await chat.say('carol', 'Scenario too vague')).toBe(
      'C-0001 was already decided by Carl 钱凯; it is now: in provider review. Your action changed nothing.',
    );
    expect(await chat.store.cases.get('C-0001')).toMatchObject({ state: 'provider_review', version: 2, lastActorId: 'carl' });
  });
});

describe('overdue tasks', () => {
  it('are marked in the queue with the working days they are late, counted on the official calendar', async () => {
    const chat = await demo();
    expect(await chat.say('alice', `apply DS-0002 ${W5_FULL}`)).toMatch(/^Received C-0001 .*due by 2026-11-30 \(inclusive\)\./);
    // Ten days later the formal review (due Mon 30 Nov) is three working days late on Thu 3 Dec.
    const later = await openApp(loadConfig({}), { store: chat.store, clock: fixedClock(new Date('2026-12-03T02:00:00Z')) });
    const { say } = chatOver(later);
    const queue = await say('carol', 'queue');
    expect(queue).toContain('C-0001 · Conditional data application · in formal review · DS-0002 公交客流刷卡明细 · OVERDUE by 3 working days: due by 2026-11-30 (inclusive)');
    // The supervisor sees the same overdue task in the bureau's queue.
    expect(await say('dave', 'queue')).toContain('OVERDUE by 3 working days');
    // Not yet overdue on the due day itself: the deadline is the end of that day.
    const dueDay = await openApp(loadConfig({}), { store: chat.store, clock: fixedClock(new Date('2026-11-30T15:59:00Z')) });
    expect(await chatOver(dueDay).say('carol', 'queue')).toContain('· due by 2026-11-30 (inclusive)');
  });
});

describe('a form opened on a case that then changed', () => {
  it('is refused as stale even when the step it was opened on has come back round', async () => {
    const chat = await demo();
    await addPerson(chat.store, { id: 'tom', name: 'Tom 唐明', agencyId: 'transport' });
    await chat.say('alice', 'object DS-0001 Stop 12 is misplaced');
    // Bob opens a return and is asked for the reasons…
    expect(await chat.say('bob', 'return C-0001')).toContain('(1/1) Reasons');
    // …while Tom asks for an extension and Carol grants it: the case is back with the provider, on a new deadline.
    await chat.say('tom', `extend C-0001 days=5 reason="site visit" ${CONSULTED}`);
    expect(await chat.say('carol', 'approve C-0001')).toContain('due by 2026-12-07 (inclusive)');
    const before = await chat.store.cases.get('C-0001');
    expect(before).toMatchObject({ state: 'handling', version: 3 });
    // Bob's answer was written against the case as it stood two decisions ago.
    expect(await chat.say('bob', 'Coordinates unclear')).toBe(
      'C-0001 was already decided by Carol 李卡; it is now: being handled. Your action changed nothing.',
    );
    expect(await chat.store.cases.get('C-0001')).toMatchObject({ state: 'handling', version: 3 });
    // The form is gone; a fresh command works on the case as it is now.
    expect(await chat.say('bob', 'return C-0001 reasons="Which stop do you mean?"')).toContain('C-0001 done; it is now: awaiting more information.');
  });
});

// ---------- the people side of deadlines ----------

/** Staff beyond the demo six: Tom, Bob's colleague at the transport bureau, and Tina, its supervisor (数据专员的督办人). */
async function addStaff(store: Store): Promise<void> {
  await addPerson(store, { id: 'tom', name: 'Tom 唐明', agencyId: 'transport' });
  await store.users.upsert({ id: 'tina', name: 'Tina 田娜', roles: ['supervisor'], agencyId: 'transport', verified: true, dishonest: false, locale: 'en' });
}

/** The same platform seen at another moment (Shanghai time in the comments, UTC in the ISO strings). */
async function at(chat: Chat, iso: string): Promise<Pick<Chat, 'say' | 'replies'>> {
  return chatOver(await openApp(loadConfig({}), { store: chat.store, clock: fixedClock(new Date(iso)) }));
}

async function messagesTo(store: Store, userId: string, caseId: string | null, message: string) {
  return (await store.outbox.listPending()).filter((m) => m.userId === userId && m.caseId === caseId && m.message === message);
}

describe('help for the reminder commands', () => {
  it('lists nudge, reassign, overdue, delegate and digest with their Chinese names, in both languages', async () => {
    const { say } = await demo({ locale: 'zh-CN' });
    const help = await say('alice', 'help');
    for (const line of ['nudge 催办 <事项编号>', 'reassign 转办 <事项编号> <用户名>', 'overdue 超期', 'delegate 委托 <用户名> [开始日期] <结束日期>', 'digest 摘要 开|关'])
      expect(help).toContain(line);
    expect(await say('alice', 'help 委托')).toContain('不写开始日期即从今天起');
    await say('alice', 'lang en');
    expect(await say('alice', 'help 催办')).toMatch(/^nudge <case> — remind whoever owes the step/);
    expect(await say('alice', 'help')).toContain('delegate <user> [from] <to> — ');
  });
});

describe('nudge 催办', () => {
  it('lets the applicant and a supervisor remind whoever owes the step, once per case per working day', async () => {
    const chat = await demo();
    await addStaff(chat.store);
    expect(await chat.say('alice', 'object DS-0001 Stop 12 is misplaced')).toMatch(/^Received C-0001 /);

    // Monday 10:00, inside working hours: both transport reviewers are told now. The applicant is told the agency.
    expect(await chat.say('alice', 'nudge C-0001')).toBe('Nudged C-0001: 市交通运输局 has been told.');
    for (const id of ['bob', 'tom']) {
      const [m] = await messagesTo(chat.store, id, 'C-0001', 'notify.nudge');
      expect(m?.params).toMatchObject({ by: 'Alice 王丽', caseId: 'C-0001', why: 'notify.why.assignee', agency: '市交通运输局' });
      expect(m?.nextAttemptAt).toEqual(MONDAY_10AM_SHANGHAI);
    }
    expect(await messagesTo(chat.store, 'alice', 'C-0001', 'notify.nudge')).toEqual([]);

    // The same working day, whoever asks: refused, and nothing more is queued.
    const monday3pm = await at(chat, '2026-11-23T07:00:00Z');
    expect(await monday3pm.say('dave', '催办 C-0001')).toBe('C-0001 was already nudged for 2026-11-23: one nudge per case per working day.');
    expect(await monday3pm.say('alice', 'nudge c-0001')).toBe('C-0001 was already nudged for 2026-11-23: one nudge per case per working day.');
    expect(await messagesTo(chat.store, 'bob', 'C-0001', 'notify.nudge')).toHaveLength(1);

    // The next working day the authority's supervisor may; he is told who was reminded.
    const tuesday = await at(chat, '2026-11-24T02:00:00Z');
    expect(await tuesday.say('dave', '催办 C-0001')).toBe('Nudged C-0001: 市交通运输局 (Bob 陈波, Grace 吴佳, Tom 唐明) has been told.');
    const toBob = await messagesTo(chat.store, 'bob', 'C-0001', 'notify.nudge');
    expect(toBob.map((m) => m.params.by)).toEqual(['Alice 王丽', 'Dave 赵达']);

    // Friday 19:00 is after hours: the nudge counts for Monday 30 November and waits for 09:00 that day.
    const fridayNight = await at(chat, '2026-11-27T11:00:00Z');
    expect(await fridayNight.say('alice', 'nudge C-0001')).toBe(
      'Nudged C-0001. It is outside working hours: 市交通运输局 will be told at 2026-11-30 09:00.',
    );
    const last = (await messagesTo(chat.store, 'tom', 'C-0001', 'notify.nudge')).at(-1);
    expect(last?.nextAttemptAt).toEqual(new Date('2026-11-30T01:00:00Z'));
    const mondayAfter = await at(chat, '2026-11-30T03:00:00Z');
    expect(await mondayAfter.say('alice', 'nudge C-0001')).toBe('C-0001 was already nudged for 2026-11-30: one nudge per case per working day.');

    const audit = (await chat.store.audit.listByCase('C-0001')).filter((e) => e.action === 'task.nudge');
    expect(audit.map((e) => [e.actorId, e.detail.to])).toEqual([
      ['alice', 'bob,grace,tom'],
      ['dave', 'bob,grace,tom'],
      ['alice', 'bob,grace,tom'],
    ]);
  });

  it('refuses strangers, a colleague who is not a supervisor, a supervisor of another agency, and a closed case', async () => {
    const chat = await demo();
    await addStaff(chat.store);
    await chat.say('alice', `apply DS-0002 ${W5_FULL}`);
    // C-0001 waits on the authority (市大数据局): a transport supervisor does not oversee it.
    for (const who of ['erin', 'frank', 'tina']) expect(await chat.say(who, 'nudge C-0001')).toBe('C-0001 is not your case.');
    // Carol owes the formal review herself: told so, not "not your case".
    expect(await chat.say('carol', 'nudge C-0001')).toMatch(/^You owe the step of C-0001 yourself/);
    expect(await chat.say('alice', 'nudge C-9999')).toBe('C-9999 was not found.');
    expect(await chat.say('alice', 'nudge')).toBe('Usage: ' + (await chat.say('alice', 'help nudge')));
    expect(await chat.say('alice', 'nudge DS-0002')).toMatch(/^Usage: nudge <case>/);
    expect((await chat.store.outbox.listPending()).filter((m) => m.message === 'notify.nudge')).toEqual([]);

    await chat.say('alice', 'object DS-0001 Wrong coordinates');
    await chat.say('bob', 'approve C-0002 note=Fixed');
    expect(await chat.say('alice', 'nudge C-0002')).toBe('C-0002 is not waiting on any reviewer: it is finished, or back with the applicant for correction.');
    // A refused nudge uses up nothing: the applicant may still nudge C-0001 today.
    expect(await chat.say('alice', 'nudge C-0001')).toBe('Nudged C-0001: 市大数据局 has been told.');
    expect((await messagesTo(chat.store, 'carol', 'C-0001', 'notify.nudge')).length).toBe(1);
  });
});

describe('reassign 转办', () => {
  it('hands a step to one named person; only they (or the next person it is handed to) may decide it', async () => {
    const chat = await demo();
    const { say, store } = chat;
    await addStaff(store);
    await say('alice', 'object DS-0001 Wrong coordinates');
    await say('alice', `apply DS-0002 ${W5_FULL}`);

    // Out of scope: the transport supervisor does not oversee the authority's formal review; a reviewer supervises nothing.
    expect(await say('tina', 'reassign C-0002 carol')).toBe('C-0002 is not within your supervision.');
    expect(await say('bob', 'reassign C-0001 tom')).toBe('C-0001 is not within your supervision.');
    // Bad targets: someone at another agency, someone without the duty, nobody at all; and a missing argument.
    expect(await say('tina', 'reassign C-0001 frank')).toBe(
      'Cannot reassign to frank: only to someone at the agency that owes the step who holds the same duty.',
    );
    expect(await say('tina', 'reassign C-0001 tina')).toMatch(/^Cannot reassign to tina: /);
    expect(await say('tina', 'reassign C-0001 nobody')).toBe('There is no user "nobody"; check the user name and try again.');
    expect(await say('tina', 'reassign C-0001')).toMatch(/^Usage: reassign <case> <user> — /);
    expect(await store.cases.get('C-0001')).toMatchObject({ version: 1, assignee: { agencyId: 'transport', role: 'reviewer' } });

    expect(await say('tina', '转办 C-0001 bob')).toBe("C-0001 is now Bob 陈波's to handle (市交通运输局); it is still due by 2026-11-30 (inclusive).");
    expect(await store.cases.get('C-0001')).toMatchObject({
      state: 'handling',
      version: 2,
      assignee: { agencyId: 'transport', role: 'reviewer', userId: 'bob' },
      deadline: { dueOn: '2026-11-30' },
    });
    const [told] = await messagesTo(store, 'bob', 'C-0001', 'notify.task.reassigned');
    expect(told?.params).toMatchObject({ by: 'Tina 田娜', why: 'notify.why.assignedToYou', dueOn: '2026-11-30' });
    expect(await messagesTo(store, 'tom', 'C-0001', 'notify.task.reassigned')).toEqual([]);
    expect(await say('tina', 'reassign C-0001 bob')).toBe('C-0001 is already assigned to Bob 陈波.');
    expect((await store.audit.listByCase('C-0001')).at(-1)).toMatchObject({ action: 'task.reassign', actorId: 'tina', detail: { to: 'bob' } });

    // The queues follow the assignment: Bob's shows it as his own, Tom's no longer has it; the supervisor still sees it.
    expect(await say('bob', 'queue')).toBe(
      'Your tasks (1), soonest deadline first:\nC-0001 · Objection · being handled · DS-0001 公交线路与站点 · due by 2026-11-30 (inclusive) · reassigned to you',
    );
    expect(await say('tom', 'queue')).toBe('No tasks are waiting on you.');
    expect(await say('tina', 'queue')).toContain('C-0001 · Objection · being handled · DS-0001 公交线路与站点 · due by 2026-11-30 (inclusive) · reassigned to Bob 陈波');
    // Tom is a colleague of the supervisor who reassigned it, but nobody decided it: he is refused, not "overtaken".
    expect(await say('tom', 'approve C-0001')).toBe('C-0001 was reassigned to Bob 陈波: only they (or their delegate) can decide it now.');

    // A nudge now reaches only Bob.
    await say('alice', 'nudge C-0001');
    expect((await messagesTo(store, 'bob', 'C-0001', 'notify.nudge'))[0]?.params).toMatchObject({ why: 'notify.why.assignedToYou' });
    expect(await messagesTo(store, 'tom', 'C-0001', 'notify.nudge')).toEqual([]);

    // The authority's supervisor oversees every agency: he hands it on to Tom, and then Bob may not decide it.
    expect(await say('dave', 'reassign C-0001 tom')).toBe("C-0001 is now Tom 唐明's to handle (市交通运输局); it is still due by 2026-11-30 (inclusive).");
    expect(await say('bob', 'approve C-0001')).toBe('C-0001 was reassigned to Tom 唐明: only they (or their delegate) can decide it now.');
    expect(await say('tom', 'approve C-0001 note=Fixed')).toBe('C-0001 done; it is now: resolved.');
    expect(await say('dave', 'reassign C-0001 bob')).toBe('C-0001 is not waiting on any reviewer: it is finished, or back with the applicant for correction.');
  });
});

describe('delegate 委托', () => {
  it('sets, shows, replaces and ends a delegation, telling the delegate', async () => {
    const { say, store } = await demo();
    await addStaff(store);
    expect(await say('bob', 'delegate')).toBe(
      `You have no delegate. To name one: ${await say('bob', 'help delegate')}`,
    );
    expect(await say('bob', 'delegate tom 2026-11-24 2026-11-27')).toBe(
      'Tom 唐明 stands in for you from 2026-11-24 to 2026-11-27: your tasks and reminders go to them meanwhile, and they have been told. delegate off ends it early.',
    );
    expect(await store.delegations.get('bob')).toMatchObject({ delegateId: 'tom', from: '2026-11-24', to: '2026-11-27' });
    const [told] = await messagesTo(store, 'tom', null, 'notify.delegated');
    expect(told?.params).toEqual({ by: 'Bob 陈波', from: '2026-11-24', to: '2026-11-27' });
    expect(await say('bob', '委托')).toBe('Tom 唐明 stands in for you from 2026-11-24 to 2026-11-27. delegate off ends it early.');

    // A range written the Chinese way, with slashes and 至, replaces it; one date alone means from today.
    expect(await say('bob', '委托 tom 2026/11/25 至 2026/11/26')).toMatch(/^Tom 唐明 stands in for you from 2026-11-25 to 2026-11-26: /);
    expect(await say('bob', 'delegate tom 2026-11-27')).toMatch(/^Tom 唐明 stands in for you from 2026-11-23 to 2026-11-27: /);
    expect(await messagesTo(store, 'tom', null, 'notify.delegated')).toHaveLength(3);

    // Today falls in the range: Tom is told whom he stands in for; Bob's queue says where his tasks go.
    expect(await say('tom', 'delegate')).toBe(
      `You have no delegate. To name one: ${await say('tom', 'help delegate')}\nYou stand in for Bob 陈波 until 2026-11-27.`,
    );
    expect(await say('bob', 'queue')).toBe(
      'No tasks are waiting on you.\nTom 唐明 stands in for you until 2026-11-27: your tasks and reminders go to them meanwhile. delegate off ends it.',
    );

    expect(await say('bob', 'delegate off')).toBe('Your delegation to Tom 唐明 has ended: your tasks and reminders come to you again.');
    expect(await store.delegations.get('bob')).toBeNull();
    // The stand-in is told it is over.
    expect((await messagesTo(store, 'tom', null, 'notify.delegationEnded')).map((m) => m.params)).toEqual([{ by: 'Bob 陈波' }]);
    expect(await say('bob', '委托 取消')).toBe('You have no delegation set.');
    expect((await store.audit.list()).filter((e) => e.actorId === 'bob').map((e) => e.action)).toEqual([
      'task.delegate',
      'task.delegate',
      'task.delegate',
      'task.delegate_end',
    ]);
  });

  it('refuses a bad period, a bad delegate and someone with no tasks to delegate, and changes nothing', async () => {
    const { say, store } = await demo();
    await addStaff(store);
    const badRange = (from: string, to: string) =>
      `Bad delegation period (${from} to ${to}): use YYYY-MM-DD, and the end may not be before the start or today.`;
    expect(await say('bob', 'delegate tom 2026-11-27 2026-11-24')).toBe(badRange('2026-11-27', '2026-11-24'));
    expect(await say('bob', 'delegate tom 2026-02-30')).toBe(badRange('2026-11-23', '2026-02-30'));
    expect(await say('bob', 'delegate tom 2026-11-20')).toBe(badRange('2026-11-23', '2026-11-20'));
    expect(await say('bob', 'delegate tom next-week')).toBe(badRange('2026-11-23', 'next-week'));
    expect(await say('bob', 'delegate tom')).toMatch(/^Usage: delegate <user> \[from\] <to> — /);
    expect(await say('bob', 'delegate tom 2026-11-24 2026-11-25 2026-11-26')).toMatch(/^Usage: delegate /);

    expect(await say('bob', 'delegate frank 2026-11-27')).toBe('Cannot delegate to frank: only to a colleague at your agency with the same duty.');
    expect(await say('bob', 'delegate tina 2026-11-27')).toMatch(/^Cannot delegate to tina: /);
    expect(await say('bob', 'delegate bob 2026-11-27')).toMatch(/^Cannot delegate to bob: /);
    expect(await say('bob', 'delegate nobody 2026-11-27')).toBe('There is no user "nobody"; check the user name and try again.');
    expect(await say('alice', 'delegate bob 2026-11-27')).toBe('Your role cannot do this.');

    expect(await store.delegations.get('bob')).toBeNull();
    expect(await store.outbox.listPending()).toEqual([]);
  });

  it('lets the delegate decide a task reassigned to the person away, only within the dates, and routes reminders to them', async () => {
    const chat = await demo();
    const { say, store } = chat;
    await addStaff(store);
    await say('alice', 'object DS-0001 Wrong coordinates');
    await say('dave', 'reassign C-0001 bob');
    // Bob will be away from Tuesday to Friday.
    await say('bob', 'delegate tom 2026-11-24 2026-11-27');
    expect(await say('tom', 'approve C-0001')).toBe('C-0001 was reassigned to Bob 陈波: only they (or their delegate) can decide it now.');
    expect(await say('tom', 'queue')).toBe('No tasks are waiting on you.');

    const tuesday = await at(chat, '2026-11-24T02:00:00Z');
    expect(await tuesday.say('tom', 'queue')).toBe(
      'Your tasks (1), soonest deadline first:\nC-0001 · Objection · being handled · DS-0001 公交线路与站点 · due by 2026-11-30 (inclusive) · standing in for Bob 陈波',
    );
    expect(await tuesday.say('bob', 'queue')).toBe(
      'No tasks are waiting on you.\nTom 唐明 stands in for you until 2026-11-27: your tasks and reminders go to them meanwhile. delegate off ends it.',
    );
    // The applicant's nudge goes to the stand-in, saying for whom.
    expect(await tuesday.say('alice', 'nudge C-0001')).toBe('Nudged C-0001: 市交通运输局 has been told.');
    expect(await messagesTo(store, 'bob', 'C-0001', 'notify.nudge')).toEqual([]);
    expect((await messagesTo(store, 'tom', 'C-0001', 'notify.nudge'))[0]?.params).toMatchObject({ why: 'notify.why.delegate', delegator: 'Bob 陈波' });

    expect(await tuesday.say('tom', 'approve C-0001 note="Fixed while Bob is away"')).toBe('C-0001 done; it is now: resolved.');
    expect(await store.cases.get('C-0001')).toMatchObject({ state: 'resolved', lastActorId: 'tom' });
  });
});

describe('overdue 超期', () => {
  it('lists a supervisor’s overdue tasks, oldest first, with working days overdue and who owes them', async () => {
    // C-0001 filed on Monday 16 November at the ecology bureau: 5 working days → due Monday 23 November.
    const chat = await demo({ now: new Date('2026-11-16T02:00:00Z') });
    await addStaff(chat.store);
    await chat.say('alice', 'object DS-0003 PM2.5 readings missing');
    // Monday 23 November: C-0002 at the transport bureau (due 30 Nov), C-0003 at the authority (W1, due 25 Nov).
    const monday = await at(chat, '2026-11-23T02:00:00Z');
    await monday.say('alice', 'object DS-0001 Wrong coordinates');
    await monday.say('bob', `submit ${W1_FULL}`);
    await monday.say('dave', 'reassign C-0002 bob');
    // On its due day C-0001 is not late yet.
    expect(await monday.say('dave', 'overdue')).toBe('Nothing you supervise is overdue.');

    // Thursday 3 December: 8, 6 and 3 working days late.
    const later = await at(chat, '2026-12-03T02:00:00Z');
    expect(await later.say('dave', 'overdue')).toBe(
      [
        'Overdue tasks you supervise (3), longest overdue first:',
        'C-0001 · Objection · being handled · DS-0003 空气质量监测小时数据 · OVERDUE by 8 working days: due by 2026-11-23 (inclusive) · 市生态环境局',
        'C-0003 · Dataset publication · in formal review · DS-0007 Hourly ridership · OVERDUE by 6 working days: due by 2026-11-25 (inclusive) · 市大数据局',
        'C-0002 · Objection · being handled · DS-0001 公交线路与站点 · OVERDUE by 3 working days: due by 2026-11-30 (inclusive) · 市交通运输局 (Bob 陈波)',
      ].join('\n'),
    );
    // A provider's supervisor sees only the provider's own; in Chinese, by the Chinese verb.
    await chat.store.users.setLocale('tina', 'zh-CN');
    expect(await later.say('tina', '超期')).toBe(
      '督办范围内的超期任务（1），超期最久的在前：\nC-0002 · 数据异议 · 处理中 · DS-0001 公交线路与站点 · 已超期 3 个工作日：应于 2026-11-30（含当日）前办结 · 市交通运输局（Bob 陈波）',
    );
    expect(await later.say('bob', 'overdue')).toBe('Your role cannot do this.');
    expect(await later.say('alice', 'overdue')).toBe('Your role cannot do this.');
  });
});

describe('digest 摘要', () => {
  it('switches between single reminders and the daily digest; a digest reader is not sent each new task', async () => {
    const { say, store } = await demo();
    await addStaff(store);
    expect(await say('bob', 'digest')).toBe('You get single reminders. digest on switches to one digest each working morning.');
    expect(await say('bob', 'digest on')).toMatch(/^Daily digest on: each working morning one message lists all your pending tasks/);
    expect(await store.preferences.get('bob')).toEqual({ digest: true, localeChosen: false });
    expect(await say('bob', 'digest')).toBe('You get the daily digest. digest off switches to single reminders.');
    expect(await say('bob', 'digest maybe')).toMatch(/^Usage: digest on\|off — /);

    // A new task reaches Tom at once; Bob will find it in tomorrow morning's digest. A nudge still reaches both.
    await say('alice', 'object DS-0001 Wrong coordinates');
    expect(await messagesTo(store, 'tom', 'C-0001', 'notify.w7.assigned')).toHaveLength(1);
    expect(await messagesTo(store, 'bob', 'C-0001', 'notify.w7.assigned')).toEqual([]);
    await say('alice', 'nudge C-0001');
    expect(await messagesTo(store, 'bob', 'C-0001', 'notify.nudge')).toHaveLength(1);

    expect(await say('bob', '摘要 关')).toBe('Single reminders on: you are told when a task arrives, before it falls due and on the due day.');
    expect(await store.preferences.get('bob')).toEqual({ digest: false, localeChosen: false });
    await store.users.setLocale('bob', 'zh-CN');
    expect(await say('bob', '摘要 开')).toMatch(/^已改为每日摘要/);
    expect(await say('bob', '摘要')).toBe('当前设置：每日摘要。输入「摘要 关」改为逐条提醒。');
  });
});

describe('the open conditions before a form', () => {
  it('come before an application, not before an objection to the same data', async () => {
    const { say } = await demo();
    expect(await say('alice', 'apply DS-0002')).toMatch(/^DS-0002 is conditional data\. Its open conditions: /);
    await say('alice', 'cancel');
    expect(await say('alice', 'object DS-0002')).not.toMatch(/open conditions/);
  });
});

describe('nudging and handing over what is already yours', () => {
  it('tells the one who owes the step that it is theirs, and refuses a handover to the only person who holds it', async () => {
    const { say, store } = await demo();
    await say('alice', `apply DS-0002 ${W5_FULL}`);
    expect(await say('carol', 'nudge C-0001')).toBe(
      'You owe the step of C-0001 yourself: there is no one to nudge. Decide it (approve, return or reject); `status C-0001` shows its deadline.',
    );
    // Carol is the authority's only reviewer: the task is hers already.
    expect(await say('dave', 'reassign C-0001 carol')).toMatch(/^C-0001 .*Carol 李卡/);
    expect((await store.cases.get('C-0001'))?.assignee).toEqual({ agencyId: 'bdb', role: 'reviewer' });
    expect((await store.audit.listByCase('C-0001')).map((e) => e.action)).toEqual(['W5.submit']);
    // The applicant's nudge still goes out.
    expect(await say('alice', 'nudge C-0001')).toMatch(/C-0001/);
  });
});

describe('the article a deadline comes from', () => {
  it('a Tai’an objection gets 5 working days and cites S10 (T17 sets none); a Guangzhou application goes straight to the provider, 20 days, G(二)3', async () => {
    const { say } = await demo();
    await say('alice', 'object DS-0001 Wrong coordinates');
    expect(await say('alice', 'why C-0001')).toMatch(/^C-0001 \(being handled\): 5 working days from 2026-11-23 \(not counted\), due at the end of 2026-11-30 \(Asia\/Shanghai\)\. Rule: Tai'an S10\./);
    const gz = await demo({ profile: 'guangzhou' });
    expect(await gz.say('alice', `apply DS-0002 ${W5_FULL}`)).toMatch(/^Received C-0001 \(Conditional data application\)\. Now: in provider review, due by 2026-12-21 \(inclusive\)\./);
    expect(await gz.say('alice', 'why C-0001')).toMatch(/: 20 working days from 2026-11-23 .* Rule: Guangzhou G\(二\)3\./);
  });
});

describe('Chinese an official would sign', () => {
  it('refuses with 不予通过 or 不同意, and takes neither as an answer to a yes/no question', async () => {
    const { say, store } = await demo({ locale: 'zh-CN' });
    expect(await say('alice', `apply DS-0002 ${W5_FULL}`)).toMatch(/^已提交 C-0001（有条件开放数据申请）。/);
    // S20: a refusal gives its reasons as well as its legal basis.
    expect(await say('carol', '不予通过 C-0001 法律依据="泰安细则第十五条"')).toMatch(/^（2\/2）请填写「理由」/);
    expect(await say('carol', '取消')).toMatch(/^已取消/);
    expect(await say('carol', '不予通过 C-0001 法律依据="泰安细则第十五条" 理由="用途超出开放条件"')).toBe('C-0001 已办理，当前状态：不予开放。');

    await say('alice', `apply DS-0002 ${W5_FULL}`);
    await say('carol', 'approve C-0002');
    expect(await say('bob', '不同意 C-0002 法律依据="苏州细则第二十条" 理由="涉及个人信息"')).toBe('C-0002 已办理，当前状态：不予开放。');
    expect(await store.cases.get('C-0002')).toMatchObject({ state: 'rejected', data: { rejection: { at: 'provider_review', legalBasis: '苏州细则第二十条' } } });

    // Filled answer by answer, the refusal is confirmed: 不同意 is not a yes (nor a no), so nothing is decided on it.
    await say('alice', `apply DS-0002 ${W5_FULL}`);
    expect(await say('carol', '不予通过 C-0003')).toMatch(/^（1\/2）请填写「法律依据」/);
    expect(await say('carol', '泰安细则第十五条')).toMatch(/^（2\/2）请填写「理由」/);
    expect(await say('carol', '用途超出开放条件')).toMatch(/^不予通过 C-0003，内容如下：\n  法律依据：泰安细则第十五条\n  理由：用途超出开放条件\n/);
    expect(await say('carol', '不同意')).toMatch(/^请回复“是”确认办理，或回复“否”放弃/);
    expect((await store.cases.get('C-0003'))?.state).toBe('formal_review');
    expect(await say('carol', '是')).toBe('C-0003 已办理，当前状态：不予开放。');
  });

  it('offers the choices in Chinese and takes them typed in Chinese, storing the codes', async () => {
    const { say, store } = await demo({ locale: 'zh-CN' });
    const attribute = await say('bob', 'submit 名称=小时客流 摘要="每站每小时上车人数" 数据项="站点、小时、人数"');
    expect(attribute).toMatch(/^（4\/8）请填写「开放属性」：.* 可选：无条件开放 \/ 有条件开放\n/);
    expect(await say('bob', '有条件开放')).toMatch(/^（5\/10）请填写「开放条件」/);
    expect(await say('bob', '限科研使用')).toMatch(/^（6\/10）请填写「非歧视性声明」/);
    expect(await say('bob', '是')).toMatch(/^（7\/10）请填写「数据格式」：.* 可选：CSV \/ JSON \/ XML \/ XLS \/ XLSX \/ API\n/);
    expect(await say('bob', 'CSV、json')).toMatch(/^（8\/10）请填写「数据类型」：.* 可选：数据集 \/ 接口\n/);
    // 数据集 is also a command word; asked for a data type, it is the answer.
    expect(await say('bob', '数据集')).toMatch(/^（9\/10）请填写「更新频率」：.* 可选：实时 \/ 每日 \/ 每周 \/ 每月 \/ 每季度 \/ 每年 \/ 不定期 \/ 已归档（不再更新）\n/);
    // Not an option: refused with the options in Chinese, and asked again.
    expect(await say('bob', '偶尔')).toMatch(/^「更新频率」填写有误：.* 可选：实时 \/ 每日/);
    expect(await say('bob', '每日')).toMatch(/^（10\/10）请填写「安全审查」/);
    expect(await say('bob', '是')).toBe('已提交 C-0001（开放数据发布）。当前环节：形式审核中，应于 2026-11-25（含当日）前办结。');
    expect(await store.datasets.findByCode('DS-0007')).toMatchObject({ attribute: 'conditional', formats: ['CSV', 'JSON'], dataType: 'dataset', updateFrequency: 'daily' });

    // Inline, by label, as the help shows it: 申请类型=接口.
    expect(await say('alice', 'help apply')).toContain('申请类型=接口');
    expect(await say('alice', 'apply DS-0002 标题="客流研究" 事由=线网规划 申请类型=接口 使用期限=2027-06-30 成果形式=报告 应用场景=规划 承诺=是 符合开放条件=是')).toMatch(/^已提交 C-0002（有条件开放数据申请）/);
    expect((await store.cases.get('C-0002'))?.data).toMatchObject({ application: { type: 'api', commit: true } });
  });

  it('names the fields by their labels when a key is unknown', async () => {
    const { say } = await demo({ locale: 'zh-CN' });
    expect(await say('alice', 'apply DS-0002 颜色=红')).toBe('没有「颜色」这个字段。可用字段：标题、事由、申请类型、使用期限、成果形式、应用场景、承诺、符合开放条件');
  });
});

describe('whole forms (for chats with modals)', () => {
  it('opens a form with what was already given, refuses one the person may not fill, and says "not a form" otherwise', async () => {
    const { app } = await demo({ locale: 'en' });
    const opened = await app.handler.openForm({ channel: 'slack', userId: 'alice', text: 'apply DS-0002 title="Bus study"' });
    // The modal opens headed by the dataset's open conditions (T14(三)).
    expect(opened).toEqual({
      ok: true,
      form: { verb: 'apply', formId: 'w5', target: 'DS-0002', caseVersion: null, values: { title: 'Bus study' }, notes: [expect.stringMatching(/^DS-0002 is conditional data\. Its open conditions: 仅限交通规划/)] },
    });
    expect(await app.handler.openForm({ channel: 'slack', userId: 'alice', text: 'mine' })).toEqual({ ok: true, form: null });
    const refused = await app.handler.openForm({ channel: 'slack', userId: 'erin', text: 'apply DS-0002' });
    expect(refused.ok).toBe(false);
    expect(refused.ok === false && refused.replies[0]).toMatch(/real-name|实名/);
  });

  it('reports problems by field, then starts the case when the form is right', async () => {
    const { app, store } = await demo({ locale: 'en' });
    const form = { verb: 'apply', formId: 'w5', target: 'DS-0002', caseVersion: null, values: { title: 'Bus study', period: '2020-01-01' } };
    const bad = await app.handler.submitForm({ channel: 'slack', userId: 'alice' }, form);
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && Object.keys(bad.fieldErrors).sort()).toEqual(['commit', 'meets', 'reason', 'result', 'scenario', 'type']);
    // A refusal about one field's content (the state machine's, not the form's) is shown on that field too.
    const past = await app.handler.submitForm(
      { channel: 'slack', userId: 'alice' },
      { ...form, values: { title: 'Bus study', reason: 'planning', type: 'api', period: '2020-01-01', result: 'report', scenario: 'network', commit: 'yes', meets: 'yes' } },
    );
    expect(past).toEqual({ ok: false, fieldErrors: { period: "The usage period must end after today." }, reply: null });
    const good = await app.handler.submitForm(
      { channel: 'slack', userId: 'alice' },
      { ...form, values: { title: 'Bus study', reason: 'planning', type: 'api', period: '2027-06-30', result: 'report', scenario: 'network', commit: 'yes', meets: 'yes' } },
    );
    expect(good).toMatchObject({ ok: true, caseId: 'C-0001' });
    expect((await store.cases.get('C-0001'))?.state).toBe('formal_review');
  });
});
