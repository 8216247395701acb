/**
 * Pure rules of data collection: cross-field formulas, outliers against a subject's own history,
 * validation of a submission, the submission state machine, timeliness and the league table by city.
 * No clock: callers pass the current time.
 */
import { AppError } from '../errors.ts';
import { periodEndDate } from '../periods/period.ts';
import type {
  CityLeagueRow,
  SubmissionAction,
  SubmissionState,
  ValidationIssue,
  ValidationReport,
  ValidationRules,
} from './collection.contract.ts';

// ── cross-field formulas ──────────────────────────────────────────────────────────────────────────

export type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'metric'; code: string }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr }
  | { kind: 'negate'; operand: Expr };

export const comparators = ['<=', '>=', '<', '>', '=='] as const;
export type Comparator = (typeof comparators)[number];
export type Comparison = { left: Expr; comparator: Comparator; right: Expr };

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'metric'; code: string }
  | { kind: 'op'; op: string };

function formulaError(formula: string, why: string): AppError {
  return new AppError('invalid_input', `规则公式无效 / invalid rule formula “${formula}”: ${why}`, {
    formula,
  });
}

/**
 * Tokens of a formula. Metric codes are lower-case words with digits and hyphens (`rd-expense`), so
 * subtraction needs spaces around its minus sign: `revenue - rd-expense`.
 */
function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([a-z][a-z0-9-]*[a-z0-9]|[a-z])|(<=|>=|==|[<>+\-*/()]))/y;
  let at = 0;
  while (at < formula.length) {
    if (/^\s*$/.test(formula.slice(at))) break;
    re.lastIndex = at;
    const m = re.exec(formula);
    if (!m) throw formulaError(formula, `unexpected “${formula.slice(at).trim()}”`);
    if (m[1] !== undefined) tokens.push({ kind: 'number', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'metric', code: m[2] });
    else tokens.push({ kind: 'op', op: m[3] ?? '' });
    at = re.lastIndex;
  }
  return tokens;
}

/** Parses `expr comparator expr` with + − × ÷, unary minus and brackets. */
export function parseComparison(formula: string): Comparison {
  const tokens = tokenize(formula);
  let pos = 0;
  const peekOp = () => {
    const t = tokens[pos];
    return t?.kind === 'op' ? t.op : null;
  };
  const primary = (): Expr => {
    const t = tokens[pos++];
    if (!t) throw formulaError(formula, 'unexpected end');
    if (t.kind === 'number') return t;
    if (t.kind === 'metric') return t;
    if (t.op === '-') return { kind: 'negate', operand: primary() };
    if (t.op === '(') {
      const inner = sum();
      if (peekOp() !== ')') throw formulaError(formula, 'missing “)”');
      pos++;
      return inner;
    }
    throw formulaError(formula, `unexpected “${t.op}”`);
  };
  const product = (): Expr => {
    let left = primary();
    for (let op = peekOp(); op === '*' || op === '/'; op = peekOp()) {
      pos++;
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Expr => {
    let left = product();
    for (let op = peekOp(); op === '+' || op === '-'; op = peekOp()) {
      pos++;
      left = { kind: 'binary', op, left, right: product() };
    }
    return left;
  };
  const left = sum();
  const comparator = peekOp();
  if (!comparator || !(comparators as readonly string[]).includes(comparator)) {
    throw formulaError(formula, 'expected a comparison (<=, >=, <, >, ==)');
  }
  pos++;
  const right = sum();
  if (pos !== tokens.length) throw formulaError(formula, 'unexpected text after the comparison');
  return { left, comparator: comparator as Comparator, right };
}

export function exprMetrics(expr: Expr, into: string[] = []): string[] {
  if (expr.kind === 'metric' && !into.includes(expr.code)) into.push(expr.code);
  if (expr.kind === 'binary') {
    exprMetrics(expr.left, into);
    exprMetrics(expr.right, into);
  }
  if (expr.kind === 'negate') exprMetrics(expr.operand, into);
  return into;
}

export function comparisonMetrics(c: Comparison): string[] {
  return exprMetrics(c.right, exprMetrics(c.left));
}

/** Value of an expression; null when a metric it reads has no value or a division by zero. */
export function evaluateExpr(expr: Expr, values: ReadonlyMap<string, number | null>): number | null {
  switch (expr.kind) {
    case 'number':
      return expr.value;
    case 'metric':
      return values.get(expr.code) ?? null;
    case 'negate': {
      const v = evaluateExpr(expr.operand, values);
      return v === null ? null : -v;
    }
    case 'binary': {
      const l = evaluateExpr(expr.left, values);
      const r = evaluateExpr(expr.right, values);
      if (l === null || r === null) return null;
      if (expr.op === '+') return l + r;
      if (expr.op === '-') return l - r;
      if (expr.op === '*') return l * r;
      return r === 0 ? null : l / r;
    }
  }
}

/** Relative tolerance of `==` and of the inequalities' boundaries (figures are typed in 万元 with decimals). */
const epsilon = 1e-9;

/** Whether the comparison holds; null when a side cannot be evaluated (a figure is missing). */
export function evaluateComparison(
  c: Comparison,
  values: ReadonlyMap<string, number | null>,
): { holds: boolean | null; left: number | null; right: number | null } {
  const left = evaluateExpr(c.left, values);
  const right = evaluateExpr(c.right, values);
  if (left === null || right === null) return { holds: null, left, right };
  const tolerance = epsilon * Math.max(1, Math.abs(left), Math.abs(right));
  const holds =
    c.comparator === '<='
      ? left <= right + tolerance
      : c.comparator === '>='
        ? left >= right - tolerance
        : c.comparator === '<'
          ? left < right
          : c.comparator === '>'
            ? left > right
            : Math.abs(left - right) <= tolerance;
  return { holds, left, right };
}

// ── outliers ──────────────────────────────────────────────────────────────────────────────────────

export function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation √(Σ(x − x̄)² / (n − 1)); 0 for fewer than two values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

export type OutlierFinding =
  | { kind: 'sd'; mean: number; sd: number; deviations: number; bound: number }
  | { kind: 'yoy'; previous: number; change: number; bound: number };

/**
 * Outlier tests of one figure against the subject's earlier comparable figures (`history`, any order)
 * and the figure of the previous comparable period (`previous`, the year before):
 *   sd:  |x − mean(history)| > sdMultiple · sd(history), with at least `minHistory` values and sd > 0
 *   yoy: |x / previous − 1| > yoyBound, with previous ≠ 0
 */
export function findOutliers(
  value: number,
  history: readonly number[],
  previous: number | null,
  rule: { sdMultiple?: number; yoyBound?: number; minHistory: number },
): OutlierFinding[] {
  const findings: OutlierFinding[] = [];
  if (rule.sdMultiple !== undefined && history.length >= rule.minHistory) {
    const m = mean(history);
    const sd = sampleStandardDeviation(history);
    if (sd > 0 && Math.abs(value - m) > rule.sdMultiple * sd) {
      findings.push({
        kind: 'sd',
        mean: m,
        sd,
        deviations: Math.abs(value - m) / sd,
        bound: rule.sdMultiple,
      });
    }
  }
  if (rule.yoyBound !== undefined && previous !== null && previous !== 0) {
    const change = value / previous - 1;
    if (Math.abs(change) > rule.yoyBound)
      findings.push({ kind: 'yoy', previous, change, bound: rule.yoyBound });
  }
  return findings;
}

// ── validation of a submission ────────────────────────────────────────────────────────────────────

export type StagedValue = { value: number | null; comment: string | null };

export type ValidationInput = {
  subjects: readonly string[];
  metrics: readonly string[];
  rules: ValidationRules;
  /** Staged figures by subject code, then metric code. */
  values: ReadonlyMap<string, ReadonlyMap<string, StagedValue>>;
  /** Earlier comparable figures of a subject's metric, and the previous comparable period's. */
  history: (subjectCode: string, metric: string) => { values: readonly number[]; previous: number | null };
};

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/**
 * Checks every subject of a submission: required figures present, ranges, cross-field formulas, and
 * outliers (which pass with a comment). Blocking issues prevent submitting.
 */
export function validateSubmission(input: ValidationInput): ValidationReport {
  const issues: ValidationIssue[] = [];
  const comparisons = input.rules.crossField.map((r) => ({ rule: r, parsed: parseComparison(r.formula) }));
  let count = 0;
  for (const subject of input.subjects) {
    const staged = input.values.get(subject) ?? new Map<string, StagedValue>();
    const numbers = new Map<string, number | null>();
    for (const metric of input.metrics) {
      const v = staged.get(metric)?.value ?? null;
      numbers.set(metric, v);
      if (v !== null) count++;
    }
    for (const metric of input.rules.required) {
      if (numbers.get(metric) == null) {
        issues.push({
          kind: 'required',
          subjectCode: subject,
          metric,
          value: null,
          message: `必填 / required: ${metric}`,
          blocking: true,
        });
      }
    }
    for (const range of input.rules.ranges) {
      const v = numbers.get(range.metric) ?? null;
      if (v === null) continue;
      if ((range.min !== undefined && v < range.min) || (range.max !== undefined && v > range.max)) {
        issues.push({
          kind: 'range',
          subjectCode: subject,
          metric: range.metric,
          value: v,
          message: `超出范围 / out of range [${range.min ?? '−∞'}, ${range.max ?? '+∞'}]: ${v}`,
          blocking: true,
          details: { min: range.min ?? null, max: range.max ?? null },
        });
      }
    }
    for (const { rule, parsed } of comparisons) {
      const result = evaluateComparison(parsed, numbers);
      if (result.holds !== false) continue;
      const [first] = comparisonMetrics(parsed);
      issues.push({
        kind: 'cross_field',
        subjectCode: subject,
        metric: first ?? '',
        value: result.left,
        message: rule.message ?? `不满足 / fails ${rule.formula}: ${result.left} vs ${result.right}`,
        blocking: true,
        details: { formula: rule.formula, left: result.left, right: result.right },
      });
    }
    for (const rule of input.rules.outliers) {
      const entry = staged.get(rule.metric);
      const v = entry?.value ?? null;
      if (v === null) continue;
      const { values, previous } = input.history(subject, rule.metric);
      const findings = findOutliers(v, values, previous, rule);
      if (findings.length === 0) continue;
      const commented = (entry?.comment ?? '').trim().length > 0;
      const text = findings
        .map((f) =>
          f.kind === 'sd'
            ? `偏离历史均值 ${round(f.deviations, 2)} 个标准差（上限 ${f.bound}）/ ${round(f.deviations, 2)} sd from the mean ${round(f.mean)} (bound ${f.bound})`
            : `同比变化 ${round(f.change * 100, 1)}%（上限 ±${round(f.bound * 100, 1)}%）/ year-on-year change ${round(f.change * 100, 1)}% (bound ±${round(f.bound * 100, 1)}%)`,
        )
        .join('; ');
      issues.push({
        kind: 'outlier',
        subjectCode: subject,
        metric: rule.metric,
        value: v,
        message: commented ? `${text}（已说明 / explained）` : `${text}，需填写说明 / needs a comment`,
        blocking: !commented,
        details: { findings, comment: entry?.comment ?? null },
      });
    }
  }
  return {
    ok: !issues.some((i) => i.blocking),
    subjects: input.subjects.length,
    values: count,
    issues,
  };
}

/** Checks a data set's rules refer only to its metrics (and that the formulas parse). */
export function checkRulesAgainstMetrics(rules: ValidationRules, metrics: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(metrics);
  const check = (code: string, where: string) => {
    if (!known.has(code)) problems.push(`${where}: ${code} 不在数据集中 / is not in the data set`);
  };
  for (const m of rules.required) check(m, 'required');
  for (const r of rules.ranges) check(r.metric, 'ranges');
  for (const r of rules.outliers) check(r.metric, 'outliers');
  for (const r of rules.crossField) {
    try {
      for (const m of comparisonMetrics(parseComparison(r.formula))) check(m, `crossField “${r.formula}”`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

// ── periods and time ──────────────────────────────────────────────────────────────────────────────

/** A period is in the future while it has not ended: its last day is after `today` (YYYY-MM-DD). */
export function isFuturePeriod(period: string, today: string): boolean {
  return periodEndDate(period) > today;
}

/**
 * On time: first submitted no later than the deadline. Not yet submitted: false once the deadline
 * has passed, null before (nothing to judge yet).
 */
export function isOnTime(firstSubmittedAt: Date | null, deadline: Date, now: Date): boolean | null {
  if (firstSubmittedAt) return firstSubmittedAt.getTime() <= deadline.getTime();
  return now.getTime() > deadline.getTime() ? false : null;
}

// ── state machine ─────────────────────────────────────────────────────────────────────────────────

/** States in which the assignee may change figures. */
export const editableStates: readonly SubmissionState[] = ['open', 'returned', 'reopened'];

export function canEditValues(state: SubmissionState): boolean {
  return editableStates.includes(state);
}

type Transition = { from: readonly SubmissionState[]; to: SubmissionState; needsReason: boolean };

export const transitions: Record<Exclude<SubmissionAction, 'assign'>, Transition> = {
  submit: { from: ['open', 'returned', 'reopened'], to: 'submitted', needsReason: false },
  city_forward: { from: ['submitted'], to: 'submitted', needsReason: false },
  return: { from: ['submitted'], to: 'returned', needsReason: true },
  accept: { from: ['submitted'], to: 'accepted', needsReason: false },
  reopen: { from: ['accepted'], to: 'reopened', needsReason: true },
};

/** The state after `action`; 422 `rule_violated` when the action is not allowed in `state` or lacks a reason. */
export function nextState(
  state: SubmissionState,
  action: Exclude<SubmissionAction, 'assign'>,
  reason: string | null | undefined,
): SubmissionState {
  const t = transitions[action];
  if (!t.from.includes(state)) {
    throw new AppError(
      'rule_violated',
      `当前状态“${state}”下不能执行“${action}” / cannot ${action} a submission that is ${state}`,
      { reason: 'invalid_transition', state, action },
    );
  }
  if (t.needsReason && !(reason ?? '').trim()) {
    throw new AppError('invalid_input', `请填写原因 / a reason is required to ${action}`, {
      issues: [{ field: 'body.reason', message: 'required' }],
    });
  }
  return t.to;
}

// ── league table by city ──────────────────────────────────────────────────────────────────────────

export type LeagueInput = {
  cityCode: string;
  cityName: string;
  state: SubmissionState;
  onTime: boolean | null;
  everReturned: boolean;
};

/**
 * Per city: assignments, submitted (any state but open), on time, late, missing (open after the
 * deadline), returned (ever), accepted; completeness = submitted / assignments, timeliness =
 * onTime / assignments. Ranked by completeness, then timeliness, then accepted (all descending), then
 * city code; equal keys share a rank (1, 1, 3).
 */
export function buildCityLeague(rows: readonly LeagueInput[]): CityLeagueRow[] {
  const byCity = new Map<string, Omit<CityLeagueRow, 'rank' | 'completeness' | 'timeliness'>>();
  for (const r of rows) {
    const c = byCity.get(r.cityCode) ?? {
      cityCode: r.cityCode,
      cityName: r.cityName,
      assignments: 0,
      submitted: 0,
      onTime: 0,
      late: 0,
      missing: 0,
      returned: 0,
      accepted: 0,
    };
    c.assignments++;
    if (r.state !== 'open') c.submitted++;
    if (r.state !== 'open' && r.onTime === true) c.onTime++;
    if (r.state !== 'open' && r.onTime === false) c.late++;
    if (r.state === 'open' && r.onTime === false) c.missing++;
    if (r.everReturned) c.returned++;
    if (r.state === 'accepted') c.accepted++;
    byCity.set(r.cityCode, c);
  }
  const scored = [...byCity.values()].map((c) => ({
    ...c,
    completeness: c.submitted / c.assignments,
    timeliness: c.onTime / c.assignments,
  }));
  scored.sort(
    (a, b) =>
      b.completeness - a.completeness ||
      b.timeliness - a.timeliness ||
      b.accepted - a.accepted ||
      a.cityCode.localeCompare(b.cityCode),
  );
  const ranked: CityLeagueRow[] = [];
  for (const [i, c] of scored.entries()) {
    const prev = ranked[i - 1];
    const tie =
      prev &&
      prev.completeness === c.completeness &&
      prev.timeliness === c.timeliness &&
      prev.accepted === c.accepted;
    ranked.push({ rank: tie && prev ? prev.rank : i + 1, ...c });
  }
  return ranked;
}
