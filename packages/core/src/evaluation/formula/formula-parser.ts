/**
 * The indicator formula language: a small, safe expression language over metric codes, parsed by a
 * hand-written tokenizer and recursive-descent parser into an AST (never evaluated as JavaScript).
 *
 *   expr    := term (('+' | '-') term)*
 *   term    := factor (('*' | '/') factor)*
 *   factor  := '-' factor | power                  so -2^2 = -(2^2) = -4
 *   power   := primary ('^' factor)?               right-associative: 2^3^2 = 2^9
 *   primary := number | metric ('[' period ']')? | name '(' expr (',' expr)* ')' | '(' expr ')'
 *   period  := 't' (('+' | '-') integer)?          e.g. output[t] / output[t-1] - 1
 *
 * Functions: sum, avg, count, min, max (over a unit's members when given one member metric, otherwise
 * over their arguments), abs, ln, sqrt. Errors name the 1-based position in the formula.
 */
import { AppError } from '../../errors.ts';

export type FormulaNode =
  | { type: 'number'; value: number; pos: number }
  | { type: 'metric'; code: string; offset: number; pos: number }
  | { type: 'unary'; op: '-'; arg: FormulaNode; pos: number }
  | { type: 'binary'; op: '+' | '-' | '*' | '/' | '^'; left: FormulaNode; right: FormulaNode; pos: number }
  | { type: 'call'; name: FormulaFunction; args: FormulaNode[]; pos: number };

export const formulaFunctions = ['sum', 'avg', 'count', 'min', 'max', 'abs', 'ln', 'sqrt'] as const;
export type FormulaFunction = (typeof formulaFunctions)[number];

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'name'; value: string; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

export function formulaError(formula: string, pos: number, message: string): AppError {
  return new AppError('invalid_input', `公式错误 / formula error at position ${pos + 1}: ${message}`, {
    formula,
    position: pos + 1,
  });
}

export function tokenizeFormula(formula: string): Token[] {
  if (formula.length > MAX_LENGTH)
    throw formulaError(formula, MAX_LENGTH, `longer than ${MAX_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula.charAt(i);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(formula.charAt(i + 1)))) {
      const match = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/.exec(formula.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'number', value: Number(text), pos: i });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      const match = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(formula.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'name', value: text, pos: i });
      i += text.length;
      continue;
    }
    if ('+-*/^()[],'.includes(ch)) {
      tokens.push({ kind: 'op', value: ch, pos: i });
      i++;
      continue;
    }
    throw formulaError(formula, i, `unexpected character '${ch}' / 非法字符`);
  }
  tokens.push({ kind: 'end', pos: formula.length });
  return tokens;
}

/** Parses a formula into its AST; throws AppError('invalid_input') with the position of the first error. */
export function parseFormula(formula: string): FormulaNode {
  const tokens = tokenizeFormula(formula);
  let k = 0;
  let depth = 0;
  const peek = (): Token => tokens[k] ?? { kind: 'end', pos: formula.length };
  const next = (): Token => {
    const t = peek();
    k++;
    return t;
  };
  const isOp = (t: Token, value: string): boolean => t.kind === 'op' && t.value === value;
  const describe = (t: Token): string => (t.kind === 'end' ? 'end of formula' : `'${String(t.value)}'`);
  const expectOp = (value: string): Token => {
    const t = next();
    if (!isOp(t, value)) throw formulaError(formula, t.pos, `expected '${value}', found ${describe(t)}`);
    return t;
  };

  const expr = (): FormulaNode => {
    if (++depth > MAX_DEPTH) throw formulaError(formula, peek().pos, 'nested too deeply / 嵌套过深');
    let left = term();
    for (let t = peek(); isOp(t, '+') || isOp(t, '-'); t = peek()) {
      next();
      left = {
        type: 'binary',
        op: t.kind === 'op' && t.value === '+' ? '+' : '-',
        left,
        right: term(),
        pos: t.pos,
      };
    }
    depth--;
    return left;
  };
  const term = (): FormulaNode => {
    let left = factor();
    for (let t = peek(); isOp(t, '*') || isOp(t, '/'); t = peek()) {
      next();
      left = {
        type: 'binary',
        op: t.kind === 'op' && t.value === '*' ? '*' : '/',
        left,
        right: factor(),
        pos: t.pos,
      };
    }
    return left;
  };
  const factor = (): FormulaNode => unary();
  const unary = (): FormulaNode => {
    const t = peek();
    if (isOp(t, '-')) {
      next();
      if (++depth > MAX_DEPTH) throw formulaError(formula, t.pos, 'nested too deeply / 嵌套过深');
      const arg = unary();
      depth--;
      return { type: 'unary', op: '-', arg, pos: t.pos };
    }
    if (isOp(t, '+')) {
      next();
      return unary();
    }
    return power();
  };
  const power = (): FormulaNode => {
    const base = primary();
    const t = peek();
    if (isOp(t, '^')) {
      next();
      if (++depth > MAX_DEPTH) throw formulaError(formula, t.pos, 'nested too deeply / 嵌套过深');
      const exponent = unary();
      depth--;
      return { type: 'binary', op: '^', left: base, right: exponent, pos: t.pos };
    }
    return base;
  };
  const period = (): number => {
    const t = next();
    if (t.kind !== 'name' || t.value !== 't')
      throw formulaError(formula, t.pos, `expected period 't', 't-1', … found ${describe(t)}`);
    const sign = peek();
    if (isOp(sign, '-') || isOp(sign, '+')) {
      next();
      const n = next();
      if (n.kind !== 'number' || !Number.isInteger(n.value))
        throw formulaError(formula, n.pos, `expected a whole number of periods, found ${describe(n)}`);
      return sign.kind === 'op' && sign.value === '-' ? -n.value : n.value;
    }
    return 0;
  };
  const primary = (): FormulaNode => {
    const t = next();
    if (t.kind === 'number') return { type: 'number', value: t.value, pos: t.pos };
    if (isOp(t, '(')) {
      const inner = expr();
      expectOp(')');
      return inner;
    }
    if (t.kind === 'name') {
      if (isOp(peek(), '(')) {
        next();
        if (!(formulaFunctions as readonly string[]).includes(t.value))
          throw formulaError(
            formula,
            t.pos,
            `unknown function '${t.value}' (known: ${formulaFunctions.join(', ')})`,
          );
        const name = t.value as FormulaFunction;
        const args: FormulaNode[] = [];
        if (isOp(peek(), ')')) throw formulaError(formula, peek().pos, `${name}() needs an argument`);
        args.push(expr());
        while (isOp(peek(), ',')) {
          next();
          args.push(expr());
        }
        expectOp(')');
        if ((name === 'abs' || name === 'ln' || name === 'sqrt') && args.length !== 1)
          throw formulaError(formula, t.pos, `${name}() takes one argument`);
        return { type: 'call', name, args, pos: t.pos };
      }
      let offset = 0;
      if (isOp(peek(), '[')) {
        next();
        offset = period();
        expectOp(']');
      }
      return { type: 'metric', code: t.value, offset, pos: t.pos };
    }
    throw formulaError(formula, t.pos, `expected a number, metric or '(' but found ${describe(t)}`);
  };

  const ast = expr();
  const end = peek();
  if (end.kind !== 'end') throw formulaError(formula, end.pos, `unexpected ${describe(end)}`);
  return ast;
}

/** The metric codes a formula reads (with the period offsets it needs), for dependency checks. */
export function listFormulaMetrics(ast: FormulaNode): { code: string; offset: number }[] {
  const found = new Map<string, { code: string; offset: number }>();
  const walk = (node: FormulaNode): void => {
    switch (node.type) {
      case 'metric':
        found.set(`${node.code}[${node.offset}]`, { code: node.code, offset: node.offset });
        return;
      case 'unary':
        walk(node.arg);
        return;
      case 'binary':
        walk(node.left);
        walk(node.right);
        return;
      case 'call':
        for (const a of node.args) walk(a);
        return;
      case 'number':
        return;
    }
  };
  walk(ast);
  return [...found.values()];
}
