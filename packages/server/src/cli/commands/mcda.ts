/**
 * `qunce mcda < request.json`
 *
 * Request: { "method": "topsis" | "vikor" | "gra" | "wsm" | "wpm", "matrix": [[...], ...],
 *   "types": [1, -1, ...], "weights"?: [...], "weighting"?: "equal" | "entropy" | "critic" | "pca",
 *   "options"?: { "normalisation"?: "vector" | "minmax" | "max", "v"?: 0.5, "zeta"?: 0.5 } }
 * (rows = alternatives, columns = criteria; weights given, or derived by `weighting`, equal by default).
 * Response: { "method", "variant", "weights", "preference", "ranks" } — rank 1 = best; preference is
 * closeness (TOPSIS), grade (GRA), score (WSM, WPM), higher better, or Q (VIKOR), LOWER better.
 * VIKOR adds "S", "R", "Q", "dq", "acceptableAdvantage", "acceptableStability" and "compromise"
 * (0-based alternative indices, best first). "notes" is added when special cases were handled
 * (constant columns, identical alternatives). Bad input exits 2 with a one-line message.
 */
import { AppError } from '@qunce/core';
import { type AnyMcdaResult, type McdaRequest, runMcda } from '@qunce/core/evaluation';
import { type CliCommand, CliUsageError, readStdin } from '../types.ts';

const KEYS = new Set(['method', 'matrix', 'types', 'weights', 'weighting', 'options']);
const OPTION_KEYS = new Set(['normalisation', 'v', 'zeta']);

/** Parses stdin as a JSON object, or throws a one-line CliUsageError. */
export function parseJsonObject(text: string, command: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliUsageError(
      `标准输入不是合法 JSON / stdin is not valid JSON for qunce ${command}: ${reason}`,
    );
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CliUsageError(`标准输入应为 JSON 对象 / qunce ${command} expects a JSON object on stdin`);
  }
  return body as Record<string, unknown>;
}

function toRequest(body: Record<string, unknown>): McdaRequest {
  for (const key of Object.keys(body)) {
    if (!KEYS.has(key)) throw new CliUsageError(`未知字段 / unknown field "${key}" in the mcda request`);
  }
  const options = body.options ?? {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new CliUsageError('options 应为对象 / options must be an object');
  }
  const opts = options as Record<string, unknown>;
  for (const key of Object.keys(opts)) {
    if (!OPTION_KEYS.has(key)) throw new CliUsageError(`未知选项 / unknown option "${key}"`);
  }
  if (opts.normalisation !== undefined && typeof opts.normalisation !== 'string') {
    throw new CliUsageError('options.normalisation 应为字符串 / options.normalisation must be a string');
  }
  for (const key of ['v', 'zeta'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'number') {
      throw new CliUsageError(`options.${key} 应为数值 / options.${key} must be a number`);
    }
  }
  return {
    method: body.method as McdaRequest['method'],
    matrix: body.matrix,
    types: body.types,
    ...(body.weights === undefined ? {} : { weights: body.weights }),
    ...(body.weighting === undefined ? {} : { weighting: body.weighting as McdaRequest['weighting'] }),
    options: opts as McdaRequest['options'],
  };
}

/** The response: the contract's keys first, VIKOR's extras, then notes only when there are any. */
export function toResponse(result: AnyMcdaResult): Record<string, unknown> {
  const response: Record<string, unknown> = {
    method: result.method,
    variant: result.variant,
    weights: result.weights,
    preference: result.preference,
    ranks: result.ranks,
  };
  if (result.method === 'vikor') {
    response.S = result.S;
    response.R = result.R;
    response.Q = result.Q;
    response.dq = result.dq;
    response.acceptableAdvantage = result.acceptableAdvantage;
    response.acceptableStability = result.acceptableStability;
    response.compromise = result.compromise;
  }
  if (result.notes.length > 0) response.notes = result.notes;
  return response;
}

export const run: CliCommand = async (args, io) => {
  if (args.length > 0) {
    throw new CliUsageError(
      `qunce mcda 不接受参数 / qunce mcda takes no arguments (JSON on stdin): ${args[0]}`,
    );
  }
  const body = parseJsonObject(await readStdin(io.stdin), 'mcda');
  let result: AnyMcdaResult;
  try {
    result = runMcda(toRequest(body));
  } catch (error) {
    if (error instanceof AppError) throw new CliUsageError(error.message.split('\n')[0] ?? error.code);
    throw error;
  }
  io.stdout.write(`${JSON.stringify(toResponse(result))}\n`);
  return 0;
};
