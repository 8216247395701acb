/**
 * The data of an evaluation run: the units (clusters, countries…), their metric values for the evaluation
 * period and, optionally, other periods of a panel (for period offsets and imputation over time).
 */
import { z } from 'zod';
import { AppError } from '../../errors.ts';

const cell = z.number().finite().nullable();

export const evaluationUnitSchema = z.object({
  code: z.string().min(1).max(128),
  name: z.string().optional(),
  /** Grouping columns, e.g. { EurAsia_group: 'Europe' }, for group imputation and ranks within groups. */
  groups: z.record(z.string(), z.string()).optional(),
});
export type EvaluationUnit = z.output<typeof evaluationUnitSchema>;

const valuesSchema = z.record(z.string(), z.array(cell));
/** Member metrics: metric code → for each unit, the values of its members (e.g. its enterprises). */
const membersSchema = z.record(z.string(), z.array(z.array(cell)));

export const evaluationDataSchema = z.object({
  units: z.array(evaluationUnitSchema).min(1),
  period: z.string().optional(),
  values: valuesSchema,
  members: membersSchema.optional(),
  panel: z
    .array(z.object({ period: z.string().min(1), values: valuesSchema, members: membersSchema.optional() }))
    .optional(),
});
export type EvaluationData = z.output<typeof evaluationDataSchema>;

/** Validates data and checks that every column has one cell per unit and unit codes are unique. */
export function parseEvaluationData(json: unknown): EvaluationData {
  const parsed = evaluationDataSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw new AppError(
      'invalid_input',
      `评价数据无效 / invalid evaluation data at ${where}: ${first?.message ?? ''}`,
      {
        issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  checkDataShape(parsed.data);
  return parsed.data;
}

/** Column lengths and unique unit codes (also called by the pipeline on data that skipped zod). */
export function checkDataShape(data: EvaluationData): void {
  const n = data.units.length;
  const seen = new Set<string>();
  for (const unit of data.units) {
    if (seen.has(unit.code))
      throw new AppError('invalid_input', `单元代码重复 / duplicate unit code: ${unit.code}`, {
        unit: unit.code,
      });
    seen.add(unit.code);
  }
  const checkMembers = (members: Record<string, readonly (readonly (number | null)[])[]> | undefined) => {
    for (const [metric, perUnit] of Object.entries(members ?? {})) {
      if (perUnit.length !== n)
        throw new AppError(
          'invalid_input',
          `成员指标长度与单元数不符 / member metric ${metric} has ${perUnit.length} units, expected ${n}`,
          { metric, units: n },
        );
      if (metric in data.values)
        throw new AppError(
          'invalid_input',
          `指标既是单元指标又是成员指标 / ${metric} is both a unit and a member metric`,
          {
            metric,
          },
        );
    }
  };
  const checkValues = (values: Record<string, readonly (number | null)[]>, period: string | undefined) => {
    for (const [metric, column] of Object.entries(values)) {
      if (column.length !== n)
        throw new AppError(
          'invalid_input',
          `指标列长度与单元数不符 / column ${metric}${period ? ` (${period})` : ''} has ${column.length} cells for ${n} units`,
          { metric, period, cells: column.length, units: n },
        );
      for (let i = 0; i < n; i++) {
        const v = column[i];
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
          throw new AppError(
            'invalid_input',
            `非数值单元格 / non-numeric cell: ${metric} for ${data.units[i]?.code ?? i}`,
            { metric, unit: data.units[i]?.code, period, value: String(v) },
          );
      }
    }
  };
  checkValues(data.values, data.period);
  checkMembers(data.members);
  for (const slice of data.panel ?? []) {
    if (slice.period === data.period)
      throw new AppError(
        'invalid_input',
        `面板期间与评价期间重复 / panel repeats the evaluation period ${slice.period}`,
        {
          period: slice.period,
        },
      );
    checkValues(slice.values, slice.period);
    checkMembers(slice.members);
  }
}
