import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE_ID, PROFILES, getProfile } from './profiles.ts';
import { minutesOf } from '../reminders/working-hours.ts';

// The spec's table, `Tai'an / Tengzhou / Suzhou / Guangzhou`; "—" and Suzhou's "acceptance" take Tai'an's value.
const EXPECTED: Record<string, Record<string, [number, number, number, number]>> = {
  clocks: {
    'W1.formal_review': [2, 2, 2, 2], // T9
    'W3.apply_window': [15, 15, 15, 15], // Z10, B12
    'W3.review': [2, 2, 2, 2], // Z10, B12
    'W4.review': [2, 2, 2, 2], // T10 sets no days: default, as the other catalog reviews
    'W5.formal_review': [5, 5, 5, 5], // T15, Z19, S20 (acceptance), G —
    'W5.provider_review': [10, 10, 10, 20], // T15, Z19, S20, G(二)3
    'W6.formal_review': [5, 10, 5, 5], // T16, Z19
    'W6.provider_review': [10, 15, 10, 20], // T16, Z19, S23, G(二)5
    'W6.open': [20, 20, 20, 20], // T16
    'W7.handling': [5, 5, 5, 5], // S10
    'W9.rectification': [10, 10, 10, 10], // S16
    'W11.unconditional_review': [1, 1, 1, 1], // Z14
    'W11.conditional_review': [1, 1, 1, 1],
    'W11.conditional_provider_review': [2, 2, 2, 2],
    'W11.unshared_review': [5, 5, 5, 5],
    'W11.unshared_provider_review': [10, 10, 10, 10],
  },
  limits: {
    'W7.max_total': [30, 30, 30, 30], // S10
    'W5.max_period_years': [3, 3, 3, 3], // no regulation caps S20's 使用期限: the platform's default
  },
};
const ORDER = ['taian', 'tengzhou', 'suzhou', 'guangzhou'] as const;

describe('policy profiles', () => {
  it('has the four cities, Tai’an by default', () => {
    expect(Object.keys(PROFILES).sort()).toEqual([...ORDER].sort());
    expect(DEFAULT_PROFILE_ID).toBe('taian');
    expect(getProfile(DEFAULT_PROFILE_ID)).toBe(PROFILES.taian);
  });

  const rows = (['clocks', 'limits'] as const).flatMap((kind) =>
    Object.entries(EXPECTED[kind]!).flatMap(([key, values]) => ORDER.map((id, i) => ({ kind, key, id, value: values[i] }))),
  );
  it.each(rows)('$id $kind $key = $value', ({ kind, key, id, value }) => {
    expect((PROFILES[id]![kind] as Record<string, number>)[key]).toBe(value);
  });

  it('every profile has exactly the same keys, so no city lacks a clock', () => {
    for (const id of ORDER) {
      expect(Object.keys(PROFILES[id]!.clocks).sort()).toEqual(Object.keys(EXPECTED.clocks!).sort());
      expect(Object.keys(PROFILES[id]!.limits).sort()).toEqual(Object.keys(EXPECTED.limits!).sort());
    }
  });

  it('names itself and its source in both languages', () => {
    for (const id of ORDER) {
      const p = PROFILES[id]!;
      expect(p.id).toBe(id);
      expect(p.name['zh-CN']).toMatch(/市$/);
      expect(p.name.en.length).toBeGreaterThan(0);
      expect(p.source.length).toBeGreaterThan(0);
    }
  });

  it('has a reminder ladder that climbs: whole working days, escalations strictly after the due day, a real window', () => {
    for (const p of Object.values(PROFILES)) {
      const r = p.reminders;
      expect(Number.isInteger(r.beforeDueWorkingDays) && r.beforeDueWorkingDays >= 0).toBe(true);
      expect(r.escalation.length).toBeGreaterThan(0);
      for (const step of r.escalation) expect(Number.isInteger(step.afterWorkingDays) && step.afterWorkingDays >= 1).toBe(true);
      // Spec "Escalation": reviewer → data officer → authority supervisor.
      expect(r.escalation.map((s) => s.to)).toEqual(['agency_supervisor', 'authority_supervisor']);
      expect(minutesOf(r.workingHours.start)).toBeLessThan(minutesOf(r.workingHours.end));
    }
    expect(PROFILES.taian!.reminders).toMatchObject({ beforeDueWorkingDays: 1, onDueDay: true, workingHours: { start: '09:00', end: '18:00' } });
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(PROFILES)).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.clocks)).toBe(true);
    expect(Object.isFrozen(PROFILES.taian!.reminders.escalation)).toBe(true);
  });

  it.each(['', 'beijing', 'TAIAN', 'constructor', 'toString', '__proto__'])('getProfile(%j) is undefined', (id) => {
    expect(getProfile(id)).toBeUndefined();
  });
});
