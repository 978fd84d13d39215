// What may come out of the database. Text columns that hold a union or JSON are checked here, so a hand-edited or
// half-migrated row fails loudly (STORE_CORRUPT) instead of leaking a malformed value into the domain.
import { z } from 'zod';
import {
  DATA_FORMATS,
  DATA_TYPES,
  UPDATE_FREQUENCIES,
  type AgencyKind,
  type AgencyLevel,
  type Channel,
  type ChatPlatform,
  type DatasetStatus,
  type GrantKind,
  type Locale,
  type OpenAttribute,
  type Role,
  type ShareAttribute,
} from '../../domain/model.ts';
import type { OutboxStatus, ScheduleStep } from '../../application/ports/delivery.ts';
import type { StepRule } from '../../domain/reminders/reminder-ladder.ts';
import { storeError } from '../store-errors.ts';
import type { Params } from '../../domain/errors.ts';

/** Listing the members as `Record<T, true>` makes the compiler catch a member that is missing or unknown. */
function enumOf<T extends string>(members: Record<T, true>) {
  return z.enum(Object.keys(members) as [T, ...T[]]);
}

/** A case's workflow must be one the registry the store was opened with knows. */
export function workflowIdSchema(ids: readonly string[]) {
  return z.enum(ids as [string, ...string[]]);
}
export const roleSchema = enumOf<Role>({ applicant: true, reviewer: true, supervisor: true, operator: true });
export const channelSchema = enumOf<Channel>({ console: true, cli: true, slack: true, telegram: true, system: true });
export const chatPlatformSchema = enumOf<ChatPlatform>({ slack: true, telegram: true });
export const agencyKindSchema = enumOf<AgencyKind>({ authority: true, provider: true });
export const agencyLevelSchema = enumOf<AgencyLevel>({ city: true, province: true, national: true });
export const grantKindSchema = enumOf<GrantKind>({ open: true, share: true });
export const datasetStatusSchema = enumOf<DatasetStatus>({ pending: true, published: true, delisted: true });
export const catalogAttributeSchema = enumOf<OpenAttribute>({ unconditional: true, conditional: true, closed: true });
export const shareAttributeSchema = enumOf<ShareAttribute>({ unconditional: true, conditional: true, none: true });
export const localeSchema = enumOf<Locale>({ 'zh-CN': true, en: true });
export const dataFormatSchema = z.enum(DATA_FORMATS);
export const dataTypeSchema = z.enum(DATA_TYPES);
export const updateFrequencySchema = z.enum(UPDATE_FREQUENCIES);
export const outboxStatusSchema = enumOf<OutboxStatus>({ pending: true, sending: true, sent: true, parked: true });
export const stepRuleSchema = enumOf<StepRule>({ before_due: true, due_day: true, escalation: true, applicant: true });
export const stepStatusSchema = enumOf<ScheduleStep['status']>({ pending: true, done: true, cancelled: true });

export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const deadlineSchema = z.object({
  startedOn: localDateSchema,
  workingDays: z.number().int(),
  dueOn: localDateSchema,
  provisional: z.boolean(),
  profileDate: z.string().regex(/^W\w+\.\w+$/).optional(),
});

export const paramsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export const stringListSchema = z.array(z.string());
export const rolesSchema = z.array(roleSchema);
export const formatsSchema = z.array(dataFormatSchema);

/** A Conversation without `updatedAt`, which has its own column. */
export const conversationValueSchema = z.object({
  verb: z.string(),
  target: z.string().nullable(),
  formId: z.string(),
  values: z.record(z.string(), z.string()),
  awaiting: z.string(),
  // Rows written before this field existed hold no version: they are treated as fresh.
  caseVersion: z.number().int().nullable().default(null),
});

/** Parses a JSON text column and checks its shape. */
export function parseJsonColumn<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw storeError('STORE_CORRUPT', `${where} is not valid JSON`, cause);
  }
  return parseColumn(schema, value, where);
}

/** Checks a column that holds one of a fixed set of values, or an already parsed value. */
export function parseColumn<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw storeError('STORE_CORRUPT', `${where} has an unexpected value: ${z.prettifyError(result.error)}`, result.error);
  }
  return result.data;
}

/**
 * A Params value (an object of strings and numbers) already parsed, read many at a time, as the evaluation reads every
 * audit entry: the same check as `paramsSchema`, written out, as a zod record costs microseconds an entry.
 */
export function checkedParams(value: unknown, where: string): Params {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return parseColumn(paramsSchema, value, where);
  const params = value as Record<string, unknown>;
  for (const key in params) {
    const v = params[key];
    if (typeof v !== 'string' && typeof v !== 'number') return parseColumn(paramsSchema, value, where);
  }
  return params as Params;
}
