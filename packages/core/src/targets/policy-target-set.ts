/**
 * The target set of a policy, built from its structured reading (for Shandong
 * `policy-2023-185.json`: pass the parsed JSON in; core does no I/O), and the expansion of
 * "各市人民政府" into one obligation per city.
 *
 * Decisions that are a reading of the policy rather than its words are in the tables below and in
 * docs/methods/target-progress.md ("The 2023 target set").
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  type Target,
  type TargetBinding,
  type TargetDepartments,
  type TargetSet,
  type TargetTrend,
  targetComparators,
  targetSetSchema,
} from './target.contract.ts';

/** The structured reading of a policy document (the shape of policy-2023-185.json). */
export const policyDocumentSchema = z.object({
  document: z.object({
    number: z.string().min(1),
    title: z.string().min(1),
    issued: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    horizon: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  pattern3830: z.object({
    worldClass: z.number().int().nonnegative(),
    national: z.number().int().nonnegative(),
    provincial: z.number().int().nonnegative(),
  }),
  scaleTargets: z.array(
    z.object({
      code: z.string().min(1),
      threshold: z.string().regex(/^\d+(\.\d+)?亿元$/, 'threshold: e.g. "5000亿元"'),
      count: z.number().int().positive().nullable(),
      industries: z.array(z.string().min(1)),
      note: z.string().optional(),
    }),
  ),
  units: z.array(z.string().min(1)),
  tasks: z.array(
    z.object({
      code: z.string().min(1),
      area: z.string(),
      title: z.string().min(1),
      units: z.array(z.string().min(1)).min(1),
      recurring: z.string().optional(),
      mechanisms: z.array(z.string()).optional(),
    }),
  ),
  targets: z.array(
    z.object({
      code: z.string().min(1),
      task: z.string().min(1),
      text: z.string().min(1),
      metric: z.string().min(1),
      unit: z.string().min(1),
      value: z.number().finite(),
      comparator: z.enum(targetComparators),
    }),
  ),
  industries: z.array(
    z.object({ code: z.string().min(1), name: z.string().min(1), scaleGroup: z.string().nullable() }),
  ),
});
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/** "5000亿元" → 5000 × 10⁸ = 5 × 10¹¹ yuan. */
export function parseYuanThreshold(text: string): number {
  const m = /^(\d+(?:\.\d+)?)亿元$/.exec(text);
  if (!m) throw new AppError('invalid_input', `金额格式无效 / invalid amount: ${text}`, { value: text });
  return Number(m[1]) * 1e8;
}

/**
 * Shares, percentages and percentage-point differences change linearly; counts and amounts grow
 * compoundly. Decided from the unit: % and 百分点 → linear, everything else → compound.
 */
export function trendForUnit(unit: string): TargetTrend {
  return unit === '%' || unit === '百分点' ? 'linear' : 'compound';
}

const inClusters = 'recognised-clusters' as const;

/**
 * How each 2023 target's actual value is obtained. Targets not listed are reported by their lead
 * department. Scope follows the wording: 集群内 / 全省集群 → recognised clusters; T18–T22 do not say
 * 集群内 → the whole province. Counting: 累计培育 (T12, and T13–T14 in the same clause) counts every
 * grant up to the date; everything else counts distinct holders of a valid designation on the date.
 */
export const policy2023Bindings: Record<string, TargetBinding> = {
  T01: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'clusters', tier: 'world' },
  },
  T02: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'clusters', tier: 'national' },
  },
  T03: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'clusters', tier: 'provincial' },
  },
  T04: { kind: 'industry-output', scaleGroup: 'S5000', thresholdYuan: 5000e8 },
  T05: { kind: 'industry-output', scaleGroup: 'S3000', thresholdYuan: 3000e8 },
  T06: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'high-tech' }] },
  },
  T09: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'carriers', level: 'national' },
  },
  T10: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'carriers', level: 'provincial' },
  },
  T12: {
    kind: 'registry',
    scope: inClusters,
    counting: 'cumulative-grants',
    measure: {
      subject: 'designations',
      designations: [{ type: 'national-smart-factory', level: 'national' }],
    },
  },
  T13: {
    kind: 'registry',
    scope: inClusters,
    counting: 'cumulative-grants',
    measure: {
      subject: 'designations',
      designations: [
        { type: 'provincial-smart-factory', level: 'provincial' },
        { type: 'digital-workshop', level: 'provincial' },
      ],
    },
  },
  T14: {
    kind: 'registry',
    scope: inClusters,
    counting: 'cumulative-grants',
    measure: { subject: 'designations', designations: [{ type: 'benchmark-enterprise' }] },
  },
  T15: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'park-share', attribute: 'eco-industrial' },
  },
  T16: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'world-class-enterprise' }] },
  },
  T17: {
    kind: 'registry',
    scope: inClusters,
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'leading-enterprise' }] },
  },
  T18: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'single-champion', level: 'national' }] },
  },
  T19: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'single-champion', level: 'provincial' }] },
  },
  T20: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: {
      subject: 'designations',
      designations: [
        { type: 'specialised-sme', level: 'provincial' },
        { type: 'little-giant', level: 'national' },
      ],
    },
  },
  T21: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'gazelle' }] },
  },
  T22: {
    kind: 'registry',
    scope: 'province',
    counting: 'valid-on-date',
    measure: { subject: 'designations', designations: [{ type: 'unicorn' }] },
  },
};

export type BuildTargetSetOptions = {
  /** Set code; default from the document number, 鲁政办字〔2023〕185号 → "policy-2023-185". */
  code?: string;
  version?: number;
  name?: string;
  /**
   * Owners of the overall goals (task "1", T01–T05), which the policy gives no 责任单位: default the
   * cluster division (省工业和信息化厅, which runs cultivation and evaluation, task 2.5.3) leading, with
   * the city governments that hold 主体责任 for their clusters (保障措施 3.2).
   */
  overallGoalUnits?: readonly string[];
  /** Tolerance of each `approx` target by code; default 10 % of the target value. */
  tolerances?: Readonly<Record<string, number>>;
  bindings?: Readonly<Record<string, TargetBinding>>;
};

export const defaultOverallGoalUnits = ['省工业和信息化厅', '各市人民政府'] as const;

/** Default half-width of a 左右 band: 10 % of the target value (T08 ±0.15 pp, T22 ±1.5, T23 ±5 %). */
export const defaultApproxToleranceShare = 0.1;

function departmentsOf(units: readonly string[]): TargetDepartments {
  const [lead, ...coOwners] = units;
  if (!lead) throw new AppError('invalid_input', '责任单位为空 / no responsible unit', {});
  return { lead, coOwners };
}

/**
 * The policy's targets as a versioned target set: baselines are null (they come from data
 * collection), the deadline is the document's horizon, departments are the units of the target's task
 * (first listed leads).
 */
export function buildPolicyTargetSet(policyJson: unknown, options: BuildTargetSetOptions = {}): TargetSet {
  const parsed = policyDocumentSchema.safeParse(policyJson);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError(
      'invalid_input',
      `政策文件结构无效 / invalid policy document at ${first ? first.path.join('.') : ''}: ${first?.message ?? ''}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
    );
  }
  const policy = parsed.data;
  const bindings = options.bindings ?? policy2023Bindings;
  const tasks = new Map(policy.tasks.map((t) => [t.code, t]));
  const overall = options.overallGoalUnits ?? defaultOverallGoalUnits;
  const deadline = policy.document.horizon;
  const targets: Target[] = policy.targets.map((t) => {
    const task = tasks.get(t.task);
    const units = task ? task.units : t.task === '1' ? overall : null;
    if (!units) {
      throw new AppError('invalid_input', `目标 ${t.code} 的任务 ${t.task} 不存在 / unknown task ${t.task}`, {
        target: t.code,
        task: t.task,
      });
    }
    const departments = departmentsOf(units);
    const tolerance =
      t.comparator === 'approx'
        ? (options.tolerances?.[t.code] ?? Math.abs(t.value) * defaultApproxToleranceShare)
        : null;
    return {
      code: t.code,
      taskCode: t.task,
      text: t.text,
      textEn: t.metric,
      unit: t.unit,
      baseline: null,
      value: t.value,
      comparator: t.comparator,
      tolerance,
      deadline,
      trend: trendForUnit(t.unit),
      departments,
      binding: bindings[t.code] ?? { kind: 'reported', reporter: departments.lead },
    };
  });
  const year = deadline.slice(0, 4);
  const numbered = /〔(\d{4})〕(\d+)号/.exec(policy.document.number);
  const defaultCode = numbered ? `policy-${numbered[1]}-${numbered[2]}` : policy.document.number;
  const result = targetSetSchema.safeParse({
    code: options.code ?? defaultCode,
    version: options.version ?? 1,
    name: options.name ?? `${policy.document.title}（${year}年目标）`,
    document: {
      number: policy.document.number,
      title: policy.document.title,
      issued: policy.document.issued,
    },
    targets,
  });
  if (!result.success) {
    const first = result.error.issues[0];
    throw new AppError('invalid_input', `目标集无效 / invalid target set: ${first?.message ?? ''}`, {
      issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  return result.data;
}

/** Fills in baselines (by target code) on a target set, returning a new set. Unknown codes → not_found. */
export function withBaselines(
  set: TargetSet,
  baselines: Readonly<Record<string, { period: string; date: string; value: number }>>,
): TargetSet {
  const codes = new Set(set.targets.map((t) => t.code));
  for (const code of Object.keys(baselines)) {
    if (!codes.has(code)) throw new AppError('not_found', `无此目标 / no target ${code}`, { code });
  }
  const result = targetSetSchema.safeParse({
    ...set,
    targets: set.targets.map((t) => ({ ...t, baseline: baselines[t.code] ?? t.baseline })),
  });
  if (!result.success) {
    const first = result.error.issues[0];
    throw new AppError(
      'invalid_input',
      `基期值无效 / invalid baseline at ${first ? first.path.join('.') : ''}: ${first?.message ?? ''}`,
      {
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  return result.data;
}

export const collectiveCityUnit = '各市人民政府';

export type City = { code: string; name: string };

export type Obligation = {
  /** The department or city government that owes the work, e.g. "省科技厅", "济南市人民政府". */
  unit: string;
  role: 'lead' | 'co-owner';
  /** GB/T 2260 code when the obligation is a city government's. */
  cityCode: string | null;
  /** The collective name it was expanded from ("各市人民政府"), else null. */
  expandedFrom: string | null;
};

/**
 * One obligation per responsible unit, with "各市人民政府" expanded to one per city ("济南市" →
 * "济南市人民政府"), in the order given. Units listed twice keep their first role.
 */
export function expandObligations(departments: TargetDepartments, cities: readonly City[]): Obligation[] {
  const out: Obligation[] = [];
  const seen = new Set<string>();
  const push = (unit: string, role: Obligation['role']): void => {
    if (unit === collectiveCityUnit) {
      for (const city of cities) {
        const name = `${city.name}人民政府`;
        if (seen.has(name)) continue;
        seen.add(name);
        out.push({ unit: name, role, cityCode: city.code, expandedFrom: collectiveCityUnit });
      }
      return;
    }
    if (seen.has(unit)) return;
    seen.add(unit);
    out.push({ unit, role, cityCode: null, expandedFrom: null });
  };
  push(departments.lead, 'lead');
  for (const unit of departments.coOwners) push(unit, 'co-owner');
  return out;
}
