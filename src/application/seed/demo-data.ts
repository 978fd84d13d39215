// Demo data for `npx kaifang seed --demo` and `npm start`: one authority, two providers and a provincial body whose data
// the catalog lists, the four people of the README walkthrough, two extra people for the refusal paths, a second data
// officer at 市交通运输局 (so a task there can be delegated or reassigned), published datasets of every open and every
// sharing attribute, and the stories the demo's cases tell.
import type { Agency, CatalogEntry, User } from '../../domain/model.ts';

export const DEMO_AGENCIES: Agency[] = [
  { id: 'bdb', name: '市大数据局', kind: 'authority', level: 'city' },
  { id: 'transport', name: '市交通运输局', kind: 'provider', level: 'city' },
  { id: 'ecology', name: '市生态环境局', kind: 'provider', level: 'city' },
  // A provincial body whose data the city's catalog lists: a city agency's application to share it is checked by the
  // city authority and referred upward (Z15). Nobody in the demo works there: its answer is recorded by the authority.
  { id: 'province-market', name: '省市场监督管理局', kind: 'provider', level: 'province' },
];

const person = (u: Partial<User> & Pick<User, 'id' | 'name' | 'roles'>): User => ({
  agencyId: null,
  verified: true,
  dishonest: false,
  locale: 'zh-CN',
  ...u,
});

export const DEMO_USERS: User[] = [
  person({ id: 'alice', name: 'Alice 王丽', roles: ['applicant'] }),
  person({ id: 'bob', name: 'Bob 陈波', roles: ['reviewer'], agencyId: 'transport' }),
  person({ id: 'carol', name: 'Carol 李卡', roles: ['reviewer'], agencyId: 'bdb' }),
  person({ id: 'dave', name: 'Dave 赵达', roles: ['supervisor'], agencyId: 'bdb' }),
  person({ id: 'erin', name: 'Erin 孙艺', roles: ['applicant'], verified: false }),
  person({ id: 'frank', name: 'Frank 周凡', roles: ['reviewer'], agencyId: 'ecology' }),
  person({ id: 'grace', name: 'Grace 吴佳', roles: ['reviewer'], agencyId: 'transport' }),
];

/** `nameEn`: what an English reader searches by (`datasets bus`); not a catalog field (S14), see Dataset.nameEn. */
export const DEMO_DATASETS: Array<{ provider: string; nameEn: string; entry: CatalogEntry }> = [
  {
    provider: 'transport',
    nameEn: 'Bus routes and stops',
    entry: {
      name: '公交线路与站点',
      summary: '全市公交线路走向、站点位置与首末班时间',
      fields: ['线路编号', '线路名称', '站点名称', '经度', '纬度', '首班时间', '末班时间'],
      attribute: 'unconditional',
      conditions: null,
      formats: ['CSV', 'JSON'],
      dataType: 'dataset',
      updateFrequency: 'monthly',
      sharing: 'unconditional',
      sharingConditions: null,
      sharingBasis: null,
    },
  },
  {
    provider: 'transport',
    nameEn: 'Bus card taps by route and stop',
    entry: {
      name: '公交客流刷卡明细',
      summary: '按线路、站点和时段汇总的公交刷卡客流（已脱敏）',
      fields: ['日期', '时段', '线路编号', '上车站点', '刷卡人次'],
      attribute: 'conditional',
      conditions: '仅限交通规划、学术研究等公益用途；申请人须实名认证，并同意《公共数据开放利用协议》',
      formats: ['CSV', 'API'],
      dataType: 'api',
      updateFrequency: 'daily',
      sharing: 'conditional',
      sharingConditions: '仅限交通运输、城市规划和应急管理部门用于公交线网规划、客流监测和应急处置',
      sharingBasis: '《中华人民共和国个人信息保护法》第三十四条（国家机关处理个人信息不得超出履行法定职责所必需的范围和限度）',
    },
  },
  {
    provider: 'ecology',
    nameEn: 'Hourly air quality monitoring',
    entry: {
      name: '空气质量监测小时数据',
      summary: '国控与市控监测站点的六项污染物小时浓度和AQI',
      fields: ['站点', '时间', 'PM2.5', 'PM10', 'SO2', 'NO2', 'O3', 'CO', 'AQI'],
      attribute: 'unconditional',
      conditions: null,
      formats: ['CSV', 'JSON', 'API'],
      dataType: 'api',
      updateFrequency: 'realtime',
      sharing: 'unconditional',
      sharingConditions: null,
      sharingBasis: null,
    },
  },
  {
    provider: 'ecology',
    nameEn: 'Online monitoring of key polluters',
    entry: {
      name: '重点排污单位在线监测',
      summary: '重点排污单位废水、废气排放口在线监测数据',
      fields: ['单位名称', '排放口', '监测项目', '监测值', '标准限值', '监测时间'],
      attribute: 'conditional',
      conditions: '仅限环境研究与监督用途；不得用于商业营销',
      formats: ['CSV', 'API'],
      dataType: 'api',
      updateFrequency: 'daily',
      sharing: 'conditional',
      sharingConditions: '仅限生态环境、水务和应急管理部门用于环境监管与执法',
      sharingBasis: '《企业环境信息依法披露管理办法》（涉及商业秘密的监测数据仅限监管用途）',
    },
  },
  {
    // Not shared and not open (B20: 依法不得提供给其他公共管理和服务机构共享): listed, given to nobody; another agency that
    // needs it for its duties argues its case (Z14 认为应当共享的: the authority's 5 working days, the provider's 10).
    provider: 'ecology',
    nameEn: 'Environmental complaint and whistle-blower records',
    entry: {
      name: '环境信访举报记录',
      summary: '群众环境信访、举报的受理和办理记录，含举报人身份信息',
      fields: ['受理编号', '受理日期', '举报人', '联系方式', '被举报单位', '举报内容', '办理结果'],
      attribute: 'closed',
      conditions: null,
      formats: ['CSV'],
      dataType: 'dataset',
      updateFrequency: 'daily',
      sharing: 'none',
      sharingConditions: null,
      sharingBasis: '《中华人民共和国环境保护法》第五十七条（对举报人的相关信息予以保密）',
    },
  },
  {
    // Held at a higher level (Z15): the province keeps it, so no update or re-assessment duty of the city opens for it.
    provider: 'province-market',
    nameEn: 'Market entity registrations',
    entry: {
      name: '市场主体登记信息',
      summary: '本市各类市场主体的登记、变更和注销信息（省级数据，由省市场监督管理局提供）',
      fields: ['统一社会信用代码', '主体名称', '主体类型', '法定代表人', '注册资本', '成立日期', '登记状态'],
      attribute: 'unconditional',
      conditions: null,
      formats: ['CSV', 'API'],
      dataType: 'api',
      updateFrequency: 'daily',
      sharing: 'unconditional',
      sharingConditions: null,
      sharingBasis: null,
    },
  },
];

/**
 * The demo's cases, played through the services by seedDemoCases (dates counted back from the seeding moment), in the
 * order they happened. `renewal`: alice's application for the other conditional dataset than the README's walkthrough
 * (which applies for 公交客流刷卡明细 afresh), granted months ago and ending soon, so `apply` on it is a renewal; the
 * platform opened its first usage report (W10) a few days ago, so alice owes one, due soon. `overdue`: erin's
 * objection to a 市交通运输局 dataset that nobody has handled, a task bob and grace share and dave oversees. `result`:
 * alice's product built on the bus routes, listed by carol (W14). `demand`: alice's demand for data the catalog lacks,
 * waiting on the authority's first step (W6): public, so anyone may `follow` it.
 */
export const DEMO_STORIES = {
  renewal: {
    workflow: 'W5',
    applicantId: 'alice',
    datasetName: '重点排污单位在线监测',
    /**
     * The working days before seeding that the grant's first usage report fell due (W10.report_every_months after the
     * grant), so the report is still well within its days.
     */
    reportDueWorkingDaysAgo: 5,
    /** The most steps a city's W5 takes before the grant (formal review, the provider's, the acceptance): two days each. */
    mostSteps: 3,
    /** The start form's values, `period` aside: it is set so that the grant ends soon. */
    values: {
      title: '河道水质与排污关联研究',
      reason: '分析重点排污单位排放与河道断面水质的关联',
      type: 'api',
      result: '研究报告',
      scenario: '环境研究与监督',
      commit: 'yes',
      meets: 'yes',
    },
  },
  overdue: {
    workflow: 'W7',
    applicantId: 'erin',
    datasetName: '公交线路与站点',
    /** The profile clock the provider's handling runs on. */
    clock: 'W7.handling',
    values: { text: '部分线路的末班时间与实际运营不符' },
  },
  result: {
    workflow: 'W14',
    applicantId: 'alice',
    /** The authority's reviewer who listed it, the next working day. */
    reviewerId: 'carol',
    sourceNames: ['公交线路与站点'],
    submittedWorkingDaysAgo: 3,
    /** The day the data was obtained: this many days before the submission. */
    obtainedDaysBefore: 10,
    values: {
      title: '公交站点步行可达性地图',
      summary: '基于公交线路与站点数据，计算全市各小区到最近公交站点的步行距离与 500 米覆盖率',
      url: 'https://example.org/bus-reach',
      declared: 'yes',
    },
  },
  demand: {
    workflow: 'W6',
    applicantId: 'alice',
    submittedWorkingDaysAgo: 1,
    values: {
      title: '公交车辆实时位置',
      description: '各公交线路在途车辆的实时位置（经纬度、方向、时间），每 30 秒更新',
      purpose: '开发面向老年人的公交到站提醒小程序',
      agency: 'transport',
    },
  },
} as const;
