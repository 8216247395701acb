/**
 * `qunce weights < request.json`
 *
 * Request, from a decision matrix: { "method": "entropy" | "critic" | "pca" | "equal",
 *   "matrix": [[...], ...], "types": [1, -1, ...] } (types optional for entropy and PCA, which do not
 *   use them; for equal only the number of columns matters);
 * or from pairwise comparisons: { "method": "ahp", "pairwise": [[...]] or [[[...]], ...] (several
 *   experts, combined by element-wise geometric mean), "derivation"?: "eigenvector" | "geometric" |
 *   "approximate", "riTable"?: "saaty" | "alonso-lamata" }.
 * Response: { "weights", "lambdaMax", "ci", "cr", "consistent", "variant", "notes" }. For methods other
 * than AHP there are no pairwise judgements: lambdaMax, ci and cr are null and consistent is true.
 * AHP adds "ri", "riTable", "derivation" and, for several experts, "experts" (each one's lambdaMax,
 * ci, cr, consistent). Bad input exits 2 with a one-line message.
 */
import { AppError } from '@qunce/core';
import {
  ahpWeights,
  criticWeights,
  entropyWeights,
  equalWeights,
  parseDecisionMatrix,
  pcaWeights,
  type WeightsResult,
} from '@qunce/core/evaluation';
import { type CliCommand, CliUsageError, readStdin } from '../types.ts';
import { parseJsonObject } from './mcda.ts';

const MATRIX_KEYS = new Set(['method', 'matrix', 'types']);
const AHP_KEYS = new Set(['method', 'pairwise', 'derivation', 'riTable', 'threshold']);

function checkKeys(body: Record<string, unknown>, allowed: Set<string>): void {
  for (const key of Object.keys(body)) {
    if (!allowed.has(key)) {
      throw new CliUsageError(`未知字段 / unknown field "${key}" for weights method ${String(body.method)}`);
    }
  }
}

function onesFor(matrix: unknown): number[] {
  const first: unknown = Array.isArray(matrix) ? matrix[0] : undefined;
  return new Array<number>(Array.isArray(first) ? first.length : 0).fill(1);
}

export function computeWeights(body: Record<string, unknown>): Record<string, unknown> {
  const method = body.method;
  const matrixResponse = (result: WeightsResult) => ({
    weights: result.weights,
    lambdaMax: null,
    ci: null,
    cr: null,
    consistent: true,
    variant: result.variant,
    notes: result.notes,
  });
  switch (method) {
    case 'entropy':
      checkKeys(body, MATRIX_KEYS);
      return matrixResponse(entropyWeights(body.matrix, body.types ?? onesFor(body.matrix)));
    case 'pca':
      checkKeys(body, MATRIX_KEYS);
      return matrixResponse(pcaWeights(body.matrix, body.types ?? onesFor(body.matrix)));
    case 'critic':
      checkKeys(body, MATRIX_KEYS);
      return matrixResponse(criticWeights(body.matrix, body.types));
    case 'equal': {
      checkKeys(body, MATRIX_KEYS);
      const { types } = parseDecisionMatrix(body.matrix, body.types ?? onesFor(body.matrix));
      return matrixResponse(equalWeights(types.length));
    }
    case 'ahp': {
      checkKeys(body, AHP_KEYS);
      if (body.pairwise === undefined)
        throw new CliUsageError('AHP 需要 pairwise / method ahp needs "pairwise"');
      if (body.threshold !== undefined && typeof body.threshold !== 'number') {
        throw new CliUsageError('threshold 应为数值 / threshold must be a number');
      }
      const result = ahpWeights(body.pairwise, {
        ...(body.derivation === undefined ? {} : { derivation: body.derivation as 'eigenvector' }),
        ...(body.riTable === undefined ? {} : { riTable: body.riTable as 'saaty' }),
        ...(body.threshold === undefined ? {} : { threshold: body.threshold as number }),
      });
      return {
        weights: result.weights,
        lambdaMax: result.lambdaMax,
        ci: result.ci,
        cr: result.cr,
        consistent: result.consistent,
        variant: result.variant,
        notes: result.notes,
        ri: result.ri,
        riTable: result.riTable,
        derivation: result.derivation,
        ...(result.experts ? { experts: result.experts } : {}),
      };
    }
    default:
      throw new CliUsageError(
        `未知的赋权方法 / unknown weights method ${JSON.stringify(method)}: use entropy, critic, pca, equal or ahp`,
      );
  }
}

export const run: CliCommand = async (args, io) => {
  if (args.length > 0) {
    throw new CliUsageError(
      `qunce weights 不接受参数 / qunce weights takes no arguments (JSON on stdin): ${args[0]}`,
    );
  }
  const body = parseJsonObject(await readStdin(io.stdin), 'weights');
  let response: Record<string, unknown>;
  try {
    response = computeWeights(body);
  } catch (error) {
    if (error instanceof AppError) throw new CliUsageError(error.message.split('\n')[0] ?? error.code);
    throw error;
  }
  io.stdout.write(`${JSON.stringify(response)}\n`);
  return 0;
};
