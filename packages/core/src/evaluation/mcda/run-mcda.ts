import { AppError } from '../../errors.ts';
import { equalWeights } from '../weights/basic.ts';
import { criticWeights } from '../weights/critic.ts';
import { entropyWeights } from '../weights/entropy.ts';
import { pcaWeights } from '../weights/pca.ts';
import type { WeightsResult } from '../weights/types.ts';
import { parseDecisionMatrix } from './decision-matrix.ts';
import { type GraResult, gra } from './gra.ts';
import { type TopsisResult, topsis } from './topsis.ts';
import type { McdaMethod } from './types.ts';
import { type VikorResult, vikor } from './vikor.ts';
import { type WpmResult, type WsmResult, wpm, wsm } from './wsm-wpm.ts';

export const mcdaMethods: readonly McdaMethod[] = ['topsis', 'vikor', 'gra', 'wsm', 'wpm'];
export type McdaWeighting = 'equal' | 'entropy' | 'critic' | 'pca';
export const mcdaWeightings: readonly McdaWeighting[] = ['equal', 'entropy', 'critic', 'pca'];

/** The `qunce mcda` request: weights given, or derived from the matrix by `weighting` (equal by default). */
export type McdaRequest = {
  method: McdaMethod;
  matrix: unknown;
  types: unknown;
  weights?: unknown;
  weighting?: McdaWeighting;
  options?: { normalisation?: string; v?: number; zeta?: number };
};

export type AnyMcdaResult = TopsisResult | VikorResult | GraResult | WsmResult | WpmResult;

/** Objective weights for a decision matrix by name (the weighting's own notes come along). */
export function deriveWeights(weighting: McdaWeighting, matrix: unknown, types: unknown): WeightsResult {
  switch (weighting) {
    case 'equal': {
      const { types: parsed } = parseDecisionMatrix(matrix, types);
      return equalWeights(parsed.length);
    }
    case 'entropy':
      return entropyWeights(matrix, types);
    case 'critic':
      return criticWeights(matrix, types);
    case 'pca':
      return pcaWeights(matrix, types);
    default:
      throw new AppError(
        'invalid_input',
        `未知的赋权方法 / unknown weighting ${JSON.stringify(weighting)}: use ${mcdaWeightings.join(', ')}`,
        { field: 'weighting', value: weighting },
      );
  }
}

function checkNormalisation(method: McdaMethod, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new AppError(
      'invalid_input',
      `${method} 不支持归一化 ${JSON.stringify(value)} / ${method} does not support normalisation ${JSON.stringify(value)}: use ${allowed.join(' or ')}`,
      { field: 'options.normalisation', value, allowed },
    );
  }
}

/** Runs one multi-criteria method on a request; the weighting's notes are prepended to the method's. */
export function runMcda(request: McdaRequest): AnyMcdaResult {
  const { method, matrix, types, options = {} } = request;
  if (request.weights !== undefined && request.weighting !== undefined) {
    throw new AppError(
      'invalid_input',
      '请只给出 weights 或 weighting 之一 / give either weights or weighting, not both',
      {
        field: 'weighting',
      },
    );
  }
  const derived =
    request.weights === undefined ? deriveWeights(request.weighting ?? 'equal', matrix, types) : undefined;
  const weights = derived ? derived.weights : request.weights;
  const withNotes = <T extends AnyMcdaResult>(result: T): T =>
    derived && derived.notes.length > 0 ? { ...result, notes: [...derived.notes, ...result.notes] } : result;
  const normalisation = options.normalisation;
  switch (method) {
    case 'topsis':
      checkNormalisation(method, normalisation, ['vector', 'minmax']);
      return withNotes(
        topsis(matrix, types, weights, { normalisation: normalisation as 'vector' | 'minmax' | undefined }),
      );
    case 'vikor':
      checkNormalisation(method, normalisation, ['linear']);
      return withNotes(vikor(matrix, types, weights, options.v === undefined ? {} : { v: options.v }));
    case 'gra':
      checkNormalisation(method, normalisation, ['minmax']);
      return withNotes(gra(matrix, types, weights, options.zeta === undefined ? {} : { zeta: options.zeta }));
    case 'wsm':
      checkNormalisation(method, normalisation, ['max', 'minmax']);
      return withNotes(
        wsm(matrix, types, weights, { normalisation: normalisation as 'max' | 'minmax' | undefined }),
      );
    case 'wpm':
      checkNormalisation(method, normalisation, ['max']);
      return withNotes(wpm(matrix, types, weights));
    default:
      throw new AppError(
        'invalid_input',
        `未知的多准则方法 / unknown method ${JSON.stringify(method)}: use ${mcdaMethods.join(', ')}`,
        { field: 'method', value: method },
      );
  }
}
