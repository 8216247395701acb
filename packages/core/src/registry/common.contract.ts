/**
 * Shapes shared by the registries: dates, region codes, credit codes, optimistic-locking versions and
 * paged lists. One source for the server's validators, the OpenAPI document, the web client and the
 * demo-data generator.
 */
import { z } from 'zod';
import { normaliseCreditCode, validateCreditCode } from '../validators/credit-code.ts';

/** A calendar date `YYYY-MM-DD` (no time zone: registry dates are dates on documents). */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式 YYYY-MM-DD / date: YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, '日期不存在 / no such date');

/** GB/T 2260 six-digit region code (city `370700`, county `370702`). */
export const regionCodeSchema = z.string().regex(/^\d{6}$/, '6 位行政区划代码 / 6-digit GB/T 2260 code');

/**
 * Unified social credit code as typed: spaces, full-width characters and lower case are normalised,
 * then the GB 32100-2015 checks run; the issue message is validateCreditCode's reason.
 */
export const creditCodeSchema = z
  .string()
  .max(64)
  .overwrite(normaliseCreditCode)
  .superRefine((value, ctx) => {
    const result = validateCreditCode(value);
    if (!result.ok)
      ctx.addIssue({ code: 'custom', message: result.reason, params: { problem: result.problem } });
  });

/** Optimistic locking: every update and delete names the version it read; a stale one is 409. */
export const versionSchema = z.number().int().min(1);

/** Query string paging: `page` from 1, `pageSize` up to 200. */
export const pagingQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** `sort=name` ascending, `sort=-name` descending. */
export function sortQuerySchema<const T extends readonly [string, ...string[]]>(fields: T) {
  const allowed = fields.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.enum(allowed).optional();
}

/** Splits `-name` into `{ field: 'name', descending: true }`. */
export function parseSort(
  sort: string | undefined,
  fallback: string,
): { field: string; descending: boolean } {
  const value = sort ?? fallback;
  return value.startsWith('-')
    ? { field: value.slice(1), descending: true }
    : { field: value, descending: false };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

/** `true`/`false` in a query string. */
export const queryBooleanSchema = z.enum(['true', 'false']).transform((value) => value === 'true');
