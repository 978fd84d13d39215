import { describe, expect, it } from 'vitest';
import { loadDictionaries } from '../i18n/load-locales.ts';
import { LOCALES } from '../domain/model.ts';
import { PLATFORM_CASE_ACTIONS } from './case-history-actions.ts';
import { STEP_RULES } from '../domain/reminders/reminder-ladder.ts';

const dictionaries = loadDictionaries();

describe('the platform’s own actions in a case’s history', () => {
  it.each(LOCALES.flatMap((locale) => PLATFORM_CASE_ACTIONS.map((action) => ({ locale, action }))))('$locale names $action', ({ locale, action }) => {
    expect(dictionaries[locale][`actions.${action}`], `actions.${action} missing from locales/${locale}`).toBeTruthy();
  });

  it('lists every reminder rule the tick records (reminder.<rule>)', () => {
    for (const rule of STEP_RULES) expect(PLATFORM_CASE_ACTIONS).toContain(`reminder.${rule}`);
  });
});
