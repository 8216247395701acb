/**
 * Evaluates a parsed formula for one unit. Missing inputs give a missing result (NaN internally, never
 * returned to users as NaN): a missing metric, a division by zero, ln or sqrt outside their domain.
 *
 * Member aggregation: sum / avg / count / min / max applied to a single member metric (for example the
 * revenue of each member enterprise of a cluster) aggregate over that unit's members, skipping missing
 * members: sum of no members = 0, count = number of members with a value, avg/min/max of none = missing.
 * Applied to anything else they aggregate their arguments (a missing argument makes the result missing).
 */
import { AppError } from '../../errors.ts';
import { type FormulaNode, parseFormula } from './formula-parser.ts';

export type FormulaContext = {
  /** Whether a unit-level or member-level metric of this code exists in the data. */
  hasMetric(code: string): boolean;
  /** The unit's value of a unit-level metric at a period offset (0 = evaluation period); NaN when missing. */
  value(code: string, offset: number, unit: number): number;
  /** The unit's member values of a member metric, or undefined when `code` is not a member metric. */
  members(code: string, offset: number, unit: number): readonly (number | null)[] | undefined;
};

function aggregateValues(name: string, values: readonly number[]): number {
  switch (name) {
    case 'sum': {
      let s = 0;
      for (const v of values) s += v;
      return s;
    }
    case 'avg': {
      if (values.length === 0) return Number.NaN;
      let s = 0;
      for (const v of values) s += v;
      return s / values.length;
    }
    case 'count':
      return values.length;
    case 'min':
      return values.length === 0 ? Number.NaN : Math.min(...values);
    case 'max':
      return values.length === 0 ? Number.NaN : Math.max(...values);
    default:
      return Number.NaN;
  }
}

export function evaluateFormula(ast: FormulaNode, context: FormulaContext, unit: number): number {
  switch (ast.type) {
    case 'number':
      return ast.value;
    case 'metric':
      return context.value(ast.code, ast.offset, unit);
    case 'unary':
      return -evaluateFormula(ast.arg, context, unit);
    case 'binary': {
      const a = evaluateFormula(ast.left, context, unit);
      const b = evaluateFormula(ast.right, context, unit);
      let r: number;
      if (ast.op === '+') r = a + b;
      else if (ast.op === '-') r = a - b;
      else if (ast.op === '*') r = a * b;
      else if (ast.op === '/') r = b === 0 ? Number.NaN : a / b;
      else r = a ** b;
      return Number.isFinite(r) ? r : Number.NaN;
    }
    case 'call': {
      const [first] = ast.args;
      if (first === undefined) return Number.NaN;
      if (ast.name === 'abs') return Math.abs(evaluateFormula(first, context, unit));
      if (ast.name === 'ln') {
        const x = evaluateFormula(first, context, unit);
        return x > 0 ? Math.log(x) : Number.NaN;
      }
      if (ast.name === 'sqrt') {
        const x = evaluateFormula(first, context, unit);
        return x >= 0 ? Math.sqrt(x) : Number.NaN;
      }
      if (ast.args.length === 1 && first.type === 'metric') {
        const members = context.members(first.code, first.offset, unit);
        if (members !== undefined) {
          const present: number[] = [];
          for (const m of members) if (m !== null && Number.isFinite(m)) present.push(m);
          return aggregateValues(ast.name, present);
        }
      }
      const values: number[] = [];
      for (const arg of ast.args) {
        const v = evaluateFormula(arg, context, unit);
        if (Number.isNaN(v)) return Number.NaN;
        values.push(v);
      }
      return aggregateValues(ast.name, values);
    }
  }
}

/** A compiled indicator formula: its AST and the metrics it reads. */
export type CompiledFormula = { source: string; ast: FormulaNode };

/** Parses a formula and checks that every metric it reads exists; errors name the indicator and position. */
export function compileFormula(indicator: string, source: string, context: FormulaContext): CompiledFormula {
  let ast: FormulaNode;
  try {
    ast = parseFormula(source);
  } catch (error) {
    if (error instanceof AppError)
      throw new AppError('invalid_input', `${indicator}: ${error.message}`, { ...error.details, indicator });
    throw error;
  }
  checkMetrics(ast, indicator, source, context);
  return { source, ast };
}

function checkMetrics(node: FormulaNode, indicator: string, source: string, context: FormulaContext): void {
  if (node.type === 'metric' && !context.hasMetric(node.code))
    throw new AppError(
      'invalid_input',
      `${indicator}: 公式引用了不存在的指标数据 / formula reads unknown metric '${node.code}' at position ${node.pos + 1}`,
      { indicator, metric: node.code, formula: source, position: node.pos + 1 },
    );
  if (node.type === 'unary') checkMetrics(node.arg, indicator, source, context);
  if (node.type === 'binary') {
    checkMetrics(node.left, indicator, source, context);
    checkMetrics(node.right, indicator, source, context);
  }
  if (node.type === 'call') for (const a of node.args) checkMetrics(a, indicator, source, context);
}
