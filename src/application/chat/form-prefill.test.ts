import { describe, expect, it } from 'vitest';
import { createFormPrefill } from './form-prefill.ts';

const TYPED = { reasons: '材料不全，请致电 13812345678\n身份证 110101199003077578 未附复印件', note: '补充说明' };
const SHOWN = { reasons: '材料不全，请致电 138****5678\n身份证 110101********7578 未附复印件', note: '补充说明' };

function clock(start = new Date('2026-11-23T02:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('form pre-fill (Z29, Z31)', () => {
  it('shows every value masked and gives back, for a field sent back unchanged, the value as typed', () => {
    const prefill = createFormPrefill(clock());
    const shown = prefill.show(TYPED);
    expect(shown.values).toEqual(SHOWN);
    expect(shown.ref).toMatch(/^[0-9a-f-]{36}$/);
    expect(prefill.restore(shown.ref, shown.values)).toEqual({ values: TYPED, retype: [] });
  });

  it('takes a field the person changed as they changed it, and asks for a masked number left in it again', () => {
    const prefill = createFormPrefill(clock());
    const { ref } = prefill.show(TYPED);
    const retyped = prefill.restore(ref, { reasons: '材料不全，请致电 13912345678', note: '补充说明，已电话联系' });
    expect(retyped).toEqual({ values: { reasons: '材料不全，请致电 13912345678', note: '补充说明，已电话联系' }, retype: [] });
    const edited = prefill.restore(ref, { reasons: `${SHOWN.reasons}；另缺盖章`, note: '补充说明' });
    expect(edited.retype).toEqual(['reasons']);
    expect(edited.values.reasons).toBe(`${SHOWN.reasons}；另缺盖章`);
  });

  it('asks for the number again once the values as typed are forgotten: submitted, expired, or another process', () => {
    const time = clock();
    const prefill = createFormPrefill({ now: time.now, keptMs: 60_000 });
    const first = prefill.show(TYPED);
    prefill.forget(first.ref);
    expect(prefill.restore(first.ref, first.values).retype).toEqual(['reasons']);

    const second = prefill.show(TYPED);
    time.advance(60_000);
    expect(prefill.restore(second.ref, second.values).retype).toEqual(['reasons']);

    const third = prefill.show(TYPED);
    expect(createFormPrefill(time).restore(third.ref, third.values)).toEqual({ values: SHOWN, retype: ['reasons'] });
  });

  it('keeps nothing for a form with no number in it, and at most maxForms forms, forgetting the oldest', () => {
    const prefill = createFormPrefill({ ...clock(), maxForms: 2 });
    expect(prefill.show({ title: 'Bus study', period: '2027-06-30' })).toEqual({ values: { title: 'Bus study', period: '2027-06-30' }, ref: null });
    const refs = [1, 2, 3].map((n) => prefill.show({ text: `请致电 1381234567${n}` }).ref);
    expect(prefill.restore(refs[0]!, { text: '请致电 138****5671' }).retype).toEqual(['text']);
    expect(prefill.restore(refs[1]!, { text: '请致电 138****5672' })).toEqual({ values: { text: '请致电 13812345672' }, retype: [] });
    expect(prefill.restore(refs[2]!, { text: '请致电 138****5673' })).toEqual({ values: { text: '请致电 13812345673' }, retype: [] });
  });
});
