// The acceptance script for W1 and W7 as the seeds have them, through `npx kaifang console` on SQLite: an objection
// closed without feedback is refused, a suggestion is filed and shown as one, an extension without consulting the
// reporter and a dismissal without a reason are refused; a W1 entry without the security review or, conditional,
// without the non-discrimination declaration is refused, takes an irregular or archived frequency, and keeps and
// shows its data type.
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrismaStore } from '../src/adapters/prisma/create-prisma-store.ts';
import type { Dataset } from '../src/domain/model.ts';
import type { CaseRecord } from '../src/application/ports/cases.ts';
import { runCli, tempDatabaseUrl, type CliRun } from './support/run-cli.ts';

// Monday 23 November 2026, 10:00 in Shanghai.
const url = tempDatabaseUrl();
const env = { DATABASE_URL: url, KAIFANG_NOW: '2026-11-23T10:00:00+08:00' };

const ENTRY = 'name="到站预测" summary="各站到站时间预测" fields="线路、站点、预计到站" attribute=conditional conditions="限本市注册企业" formats=API type=api';

const script = `
as alice
object DS-0001 第3路站点坐标有误
异议 DS-0001 建议 增加站点经纬度字段
status C-0002
as bob
approve C-0001
extend C-0001 days=10 reason="需现场核实" consulted=否 agreed="提出人同意"
取消
extend C-0001 days=10 reason="需现场核实" consulted=是 agreed="提出人同意延期，核实后书面告知"
as carol
approve C-0001
as bob
reject C-0001 basis="经核对与原始记录一致"
resolve C-0001 已更正第3路站点坐标
submit ${ENTRY} frequency=irregular
否
是
否
取消
submit ${ENTRY} frequency=archived fair=是 security=是
as carol
approve C-0003
as alice
datasets 到站
status C-0001
`;

describe('console: W1 and W7 as the seeds say', () => {
  let chat: CliRun;
  let out: string;
  let datasets: Dataset[];
  let cases: CaseRecord[];

  beforeAll(async () => {
    const seed = runCli(['seed', '--demo', '--no-cases'], { env });
    expect(seed.status, seed.stderr).toBe(0);
    chat = runCli(['console'], { env, input: script });
    expect(chat.status, chat.stderr).toBe(0);
    out = chat.stdout;
    const store = await createPrismaStore({ url });
    try {
      datasets = await store.datasets.search();
      cases = await store.cases.list();
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses to close an objection without feedback, and resolves it with what was done (S10, B33: 处理并反馈)', () => {
    expect(out).toContain('bob> approve C-0001\n办结异议或建议须将处理结果反馈提出人');
    expect(out).toContain('bob> resolve C-0001 已更正第3路站点坐标\nC-0001 已办理，当前状态：已处理。');
    expect(out).toMatch(/✉ 致 Alice 王丽（alice）：您对数据集 DS-0001「公交线路与站点」提出的异议（事项 C-0001）已处理完毕。处理结果：已更正第3路站点坐标/);
    expect(cases.find((c) => c.id === 'C-0001')).toMatchObject({ state: 'resolved', data: { kind: 'error', feedback: '已更正第3路站点坐标' } });
  });

  it('files a suggestion (T17 异议或者建议) and says so to the provider and in the status', () => {
    expect(out).toMatch(/✉ 致 Bob 陈波（bob）：数据集 DS-0001「公交线路与站点」收到建议（事项 C-0002）：\n\s+增加站点经纬度字段/);
    expect(out).toMatch(/alice> status C-0002\nC-0002 · [^\n]+\n状态：处理中\n类型：建议/);
    expect(cases.find((c) => c.id === 'C-0002')?.data).toMatchObject({ kind: 'suggestion', text: '增加站点经纬度字段' });
  });

  it('refuses an extension without consulting the reporter, and tells the reporter the new date once approved (S10)', () => {
    expect(out).toContain('「协商沟通」填写有误');
    expect(out).toContain('（3/4）请填写「协商沟通」');
    expect(out).toMatch(/✉ 致 Alice 王丽（alice）：因情况复杂，数据提供单位经与您协商沟通，已就您的异议（事项 C-0001）申请延期 10 个工作日，理由：需现场核实；协商结果：提出人同意延期，核实后书面告知。/);
    expect(out).toMatch(/✉ 致 Alice 王丽（alice）：异议（事项 C-0001）的延期申请经主管部门审核同意，延长 10 个工作日，办理期限延至 2026-12-14（含当日）。/);
    const [extension] = (cases.find((c) => c.id === 'C-0001')?.data as { extensions: unknown[] }).extensions;
    expect(extension).toMatchObject({ workingDays: 10, consulted: true, agreed: '提出人同意延期，核实后书面告知', decision: 'approved' });
    expect(out).toMatch(/申请延期（说明：需现场核实）（10 个工作日）（已与提出人协商沟通）（协商结果：提出人同意延期，核实后书面告知）/);
  });

  it('refuses a dismissal without a reason', () => {
    expect(out).toContain('bob> reject C-0001 basis="经核对与原始记录一致"\n不予采纳须写明依据和理由，理由将告知提出人。本次操作未生效。');
  });

  it('refuses a W1 entry without the non-discrimination declaration or the security review (T6, S32)', () => {
    expect(out).toContain('（6/10）请填写「非歧视性声明」');
    expect(out).toContain('「非歧视性声明」填写有误');
    expect(out).toContain('（10/10）请填写「安全审查」：确认已依法对拟开放的数据完成安全审查：未经审查的数据不得开放（《泰安市公共数据开放实施细则（征求意见稿）》第九条）');
    expect(out).toContain('「安全审查」填写有误');
    // The abandoned one left nothing behind: one W1 case, the complete one.
    expect(cases.filter((c) => c.workflow === 'W1').map((c) => c.id)).toEqual(['C-0003']);
  });

  it('keeps the data type and an archived frequency, and shows both in the catalog', () => {
    expect(datasets.find((d) => d.code === 'DS-0007')).toMatchObject({ dataType: 'api', updateFrequency: 'archived', status: 'published' });
    expect(datasets.find((d) => d.code === 'DS-0001')).toMatchObject({ dataType: 'dataset' });
    expect(out).toContain('DS-0007 · 到站预测 · 有条件开放 · 市交通运输局 · 数据接口 · API · 已归档，不再更新');
    expect(out).toMatch(/✉ 致 Carol 李卡（carol）：开放数据「到站预测」（事项 C-0003，接口，更新频率：已归档（不再更新））已提交，提供单位已确认完成安全审查。/);
    expect(cases.find((c) => c.id === 'C-0003')?.data).toMatchObject({ declarations: { securityReviewed: true, nonDiscriminatory: true } });
  });
});
