/**
 * The status of every target of a set on a date: the rows behind `GET /api/targets?set=` and
 * `qunce targets status --format json` ({ set, date, targets: [{ code, text, unit, value, actual,
 * status, owners, calculation, … }] }).
 */
import { z } from 'zod';
import { assessProgress } from './progress.ts';
import {
  type ProgressThresholds,
  progressCalculationSchema,
  progressForecastSchema,
  progressStatuses,
  type TargetObservation,
  type TargetSet,
  targetBindingSchema,
  targetComparators,
} from './target.contract.ts';

export const targetStatusRowSchema = z.object({
  code: z.string(),
  text: z.string(),
  textEn: z.string(),
  unit: z.string(),
  /** The target value. */
  value: z.number(),
  comparator: z.enum(targetComparators),
  tolerance: z.number().nullable(),
  deadline: z.string(),
  /** The latest actual value used (on or before the date, and the deadline); null when none. */
  actual: z.number().nullable(),
  actualDate: z.string().nullable(),
  status: z.enum(progressStatuses),
  /** Responsible departments as the policy names them, the lead first. */
  owners: z.array(z.string()),
  binding: targetBindingSchema,
  calculation: progressCalculationSchema,
  forecast: progressForecastSchema.nullable(),
});
export type TargetStatusRow = z.infer<typeof targetStatusRowSchema>;

export const targetSetStatusSchema = z.object({
  set: z.string(),
  version: z.number().int(),
  date: z.string(),
  targets: z.array(targetStatusRowSchema),
});
export type TargetSetStatus = z.infer<typeof targetSetStatusSchema>;

/** Assesses every target of the set on `asOf`; `observations` maps target code → actual values. */
export function assessTargetSet(input: {
  set: TargetSet;
  observations: Readonly<Record<string, readonly TargetObservation[]>>;
  asOf: string;
  thresholds?: ProgressThresholds;
  forecastLevel?: number;
}): TargetSetStatus {
  const { set, asOf } = input;
  const targets = set.targets.map((target): TargetStatusRow => {
    const observations = input.observations[target.code] ?? [];
    const a = assessProgress({
      target,
      observations,
      asOf,
      ...(input.thresholds ? { thresholds: input.thresholds } : {}),
      ...(input.forecastLevel !== undefined ? { forecastLevel: input.forecastLevel } : {}),
    });
    const fallback = [...observations]
      .filter((o) => o.date <= asOf && o.date <= target.deadline)
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
      .at(-1);
    const latest = a.calculation.latest ?? fallback ?? null;
    return {
      code: target.code,
      text: target.text,
      textEn: target.textEn,
      unit: target.unit,
      value: target.value,
      comparator: target.comparator,
      tolerance: target.tolerance,
      deadline: target.deadline,
      actual: latest ? latest.value : null,
      actualDate: latest ? latest.date : null,
      status: a.status,
      owners: [target.departments.lead, ...target.departments.coOwners],
      binding: target.binding,
      calculation: a.calculation,
      forecast: a.forecast,
    };
  });
  return { set: set.code, version: set.version, date: asOf, targets };
}
