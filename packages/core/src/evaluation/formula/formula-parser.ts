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
  return new FormulaParser(formula).parse();
}

/**
 * Recursive descent over the tokens. A class rather than nested closures: parsing runs once per
 * indicator per run, and closures would be re-created (and, under tsx, re-named) on every call.
 */
class FormulaParser {
  private readonly tokens: Token[];
  private k = 0;
  private depth = 0;

  constructor(private readonly formula: string) {
    this.tokens = tokenizeFormula(formula);
  }

  parse(): FormulaNode {
    const ast = this.expr();
    const end = this.peek();
    if (end.kind !== 'end') throw formulaError(this.formula, end.pos, `unexpected ${describe(end)}`);
    return ast;
  }

  private peek(): Token {
    return this.tokens[this.k] ?? { kind: 'end', pos: this.formula.length };
  }

  private next(): Token {
    const t = this.peek();
    this.k++;
    return t;
  }

  private expectOp(value: string): Token {
    const t = this.next();
    if (!isOp(t, value)) throw formulaError(this.formula, t.pos, `expected '${value}', found ${describe(t)}`);
    return t;
  }

  private enter(pos: number): void {
    if (++this.depth > MAX_DEPTH) throw formulaError(this.formula, pos, 'nested too deeply / 嵌套过深');
  }

  private expr(): FormulaNode {
    this.enter(this.peek().pos);
    let left = this.term();
    for (let t = this.peek(); isOp(t, '+') || isOp(t, '-'); t = this.peek()) {
      this.next();
      left = { type: 'binary', op: isOp(t, '+') ? '+' : '-', left, right: this.term(), pos: t.pos };
    }
    this.depth--;
    return left;
  }

  private term(): FormulaNode {
    let left = this.unary();
    for (let t = this.peek(); isOp(t, '*') || isOp(t, '/'); t = this.peek()) {
      this.next();
      left = { type: 'binary', op: isOp(t, '*') ? '*' : '/', left, right: this.unary(), pos: t.pos };
    }
    return left;
  }

  private unary(): FormulaNode {
    const t = this.peek();
    if (isOp(t, '-')) {
      this.next();
      this.enter(t.pos);
      const arg = this.unary();
      this.depth--;
      return { type: 'unary', op: '-', arg, pos: t.pos };
    }
    if (isOp(t, '+')) {
      this.next();
      return this.unary();
    }
    return this.power();
  }

  private power(): FormulaNode {
    const base = this.primary();
    const t = this.peek();
    if (isOp(t, '^')) {
      this.next();
      this.enter(t.pos);
      const exponent = this.unary();
      this.depth--;
      return { type: 'binary', op: '^', left: base, right: exponent, pos: t.pos };
    }
    return base;
  }

  private period(): number {
    const t = this.next();
    if (t.kind !== 'name' || t.value !== 't')
      throw formulaError(this.formula, t.pos, `expected period 't', 't-1', … found ${describe(t)}`);
    const sign = this.peek();
    if (isOp(sign, '-') || isOp(sign, '+')) {
      this.next();
      const n = this.next();
      if (n.kind !== 'number' || !Number.isInteger(n.value))
        throw formulaError(this.formula, n.pos, `expected a whole number of periods, found ${describe(n)}`);
      return isOp(sign, '-') ? -n.value : n.value;
    }
    return 0;
  }

  private primary(): FormulaNode {
    const t = this.next();
    if (t.kind === 'number') return { type: 'number', value: t.value, pos: t.pos };
    if (isOp(t, '(')) {
      const inner = this.expr();
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'name') {
      if (isOp(this.peek(), '(')) {
        this.next();
        if (!(formulaFunctions as readonly string[]).includes(t.value))
          throw formulaError(
            this.formula,
            t.pos,
            `unknown function '${t.value}' (known: ${formulaFunctions.join(', ')})`,
          );
        const name = t.value as FormulaFunction;
        const args: FormulaNode[] = [];
        if (isOp(this.peek(), ')'))
          throw formulaError(this.formula, this.peek().pos, `${name}() needs an argument`);
        args.push(this.expr());
        while (isOp(this.peek(), ',')) {
          this.next();
          args.push(this.expr());
        }
        this.expectOp(')');
        if ((name === 'abs' || name === 'ln' || name === 'sqrt') && args.length !== 1)
          throw formulaError(this.formula, t.pos, `${name}() takes one argument`);
        return { type: 'call', name, args, pos: t.pos };
      }
      let offset = 0;
      if (isOp(this.peek(), '[')) {
        this.next();
        offset = this.period();
        this.expectOp(']');
      }
      return { type: 'metric', code: t.value, offset, pos: t.pos };
    }
    throw formulaError(this.formula, t.pos, `expected a number, metric or '(' but found ${describe(t)}`);
  }
}

function isOp(t: Token, value: string): boolean {
  return t.kind === 'op' && t.value === value;
}

function describe(t: Token): string {
  return t.kind === 'end' ? 'end of formula' : `'${String(t.value)}'`;
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
