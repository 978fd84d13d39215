// Every duty the platform opens by itself. Adding one: its definition file, and one entry here.
import type { DutyDefinition } from './duty-definition.ts';
import { FRESHNESS_DUTY } from './freshness-duty.ts';
import { REASSESSMENT_DUTY } from './reassessment-duty.ts';
import { USAGE_REPORT_DUTY } from './usage-report-duty.ts';
import { ANNUAL_PLAN_DUTY } from './annual-plan-duty.ts';

export const DUTIES: readonly DutyDefinition[] = [FRESHNESS_DUTY, REASSESSMENT_DUTY, USAGE_REPORT_DUTY, ANNUAL_PLAN_DUTY];
