/**
 * `qunce index --data data.csv --meta meta.csv [--spec spec.json] [--uncertainty runs=N,seed=S] [--full]`
 *
 * Runs the composite-indicator pipeline on data in COINr's iData / iMeta layout (NA = missing) or on
 * evaluation data as JSON (`--data data.json`), and prints one JSON document:
 * { units: [{ code, scores, ranks, medianRank?, rankInterval? }], spec, hash, specHash, dataHash, seed, dropped,
 * warnings, uncertainty? } with the scores and ranks of the aggregate nodes (index first), units best first;
 * `--full` prints the whole PipelineResult (every node, contributions, steps) instead.
 * `--uncertainty runs=N,seed=S` adds the Monte Carlo analysis (runUncertainty, docs/methods/uncertainty.md). The spec's `nodes` may be left out: they are then
 * read from the iMeta table. Bad input exits 2 with a one-line message.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '@qunce/core';
import {
  coinrMetaToNodes,
  type EvaluationData,
  parseEvaluationData,
  parseEvaluationSpec,
  readCoinrData,
  readCoinrMeta,
  runPipeline,
  runUncertainty,
  type UncertaintyResult,
} from '@qunce/core/evaluation';
import { type CliCommand, CliUsageError } from '../types.ts';

const USAGE =
  '用法 / usage: qunce index --data data.csv --meta meta.csv [--spec spec.json] [--uncertainty runs=N,seed=S] [--full]';

type Options = { data?: string; meta?: string; spec?: string; uncertainty?: string; full: boolean };

function parseArgs(args: string[]): Options {
  const options: Options = { full: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--full') {
      options.full = true;
      continue;
    }
    const match = /^--(data|meta|spec|uncertainty)(?:=(.*))?$/.exec(arg);
    if (!match) throw new CliUsageError(`未知参数 / unknown argument: ${arg}. ${USAGE}`);
    const key = match[1] as 'data' | 'meta' | 'spec' | 'uncertainty';
    const value = match[2] ?? args[++i];
    if (value === undefined || value === '')
      throw new CliUsageError(`--${key} 需要一个值 / --${key} needs a value. ${USAGE}`);
    options[key] = value;
  }
  if (!options.data) throw new CliUsageError(`缺少 --data / --data is required. ${USAGE}`);
  return options;
}

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliUsageError(`无法读取${what}文件 / cannot read ${what} file ${path} (${code})`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(
      `${path} 不是有效的 JSON / ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** `runs=N,seed=S` → { runs, seed }. */
export function parseUncertaintyOption(text: string): { runs: number; seed?: number } {
  const out: { runs?: number; seed?: number } = {};
  for (const part of text.split(',')) {
    const [key, value] = part.split('=').map((s) => s.trim());
    const n = Number(value);
    if ((key !== 'runs' && key !== 'seed') || value === undefined || !Number.isInteger(n) || n < 0)
      throw new CliUsageError(
        `--uncertainty 格式为 runs=N,seed=S / --uncertainty expects runs=N,seed=S, got '${text}'`,
      );
    out[key] = n;
  }
  if (out.runs === undefined || out.runs < 1)
    throw new CliUsageError(`--uncertainty 需要 runs=N (N ≥ 1) / --uncertainty needs runs=N with N ≥ 1`);
  return { runs: out.runs, ...(out.seed !== undefined ? { seed: out.seed } : {}) };
}

/** The entries of `record` for `keys`, in the order of `keys` (aggregate nodes: index first). */
function pick<T>(record: Record<string, T>, keys: readonly string[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i] as string;
    if (key in record) out[key] = record[key] as T;
  }
  return out;
}

async function execute(options: Options): Promise<unknown> {
  const dataText = await readText(options.data as string, ' data / 数据');
  const metaText = options.meta ? await readText(options.meta, ' meta / 元数据') : undefined;
  const meta = metaText === undefined ? undefined : readCoinrMeta(metaText);
  let data: EvaluationData;
  if ((options.data as string).endsWith('.json'))
    data = parseEvaluationData(parseJson(dataText, options.data as string));
  else {
    if (!meta)
      throw new CliUsageError(`CSV 数据需要 --meta / CSV data needs --meta (the iMeta table). ${USAGE}`);
    data = parseEvaluationData(readCoinrData(dataText, meta));
  }
  const specJson = options.spec ? parseJson(await readText(options.spec, ' spec / 方案'), options.spec) : {};
  if (typeof specJson !== 'object' || specJson === null || Array.isArray(specJson))
    throw new CliUsageError(`方案必须是 JSON 对象 / the spec must be a JSON object`);
  const specObject: Record<string, unknown> = { version: 1, ...(specJson as Record<string, unknown>) };
  if (!('nodes' in specObject)) {
    if (!meta)
      throw new CliUsageError(`方案没有 nodes 时需要 --meta / without spec nodes, --meta is required`);
    specObject.nodes = coinrMetaToNodes(meta);
  }
  const spec = parseEvaluationSpec(specObject);
  const uncertaintyOption = options.uncertainty ? parseUncertaintyOption(options.uncertainty) : undefined;
  const result = runPipeline(spec, data);

  const uncertainty: UncertaintyResult | undefined = uncertaintyOption
    ? runUncertainty(spec, data, uncertaintyOption)
    : undefined;
  if (options.full) return uncertainty ? { ...result, uncertainty } : result;
  const byCode = new Map((uncertainty?.units ?? []).map((u) => [u.code, u]));
  const root = result.nodes.find((n) => n.parent === null)?.code ?? '';
  const aggregates = result.nodes.filter((n) => n.kind === 'aggregate').map((n) => n.code);
  const byRank = result.units
    .map((u, order) => ({ u, order, rank: u.ranks[root] ?? Number.POSITIVE_INFINITY }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ u }) => u);
  return {
    /** Best first (the index rank; units without an index score last). */
    units: byRank.map((u) => {
      const mc = byCode.get(u.code);
      return {
        code: u.code,
        scores: pick(u.scores, aggregates),
        ranks: pick(u.ranks, aggregates),
        ...(mc ? { medianRank: mc.medianRank, rankInterval: mc.rankInterval } : {}),
      };
    }),
    spec,
    hash: result.hash,
    specHash: result.specHash,
    dataHash: result.dataHash,
    seed: result.seed,
    dropped: result.steps.dropped,
    warnings: result.warnings,
    ...(uncertainty ? { uncertainty } : {}),
  };
}

export const run: CliCommand = async (args, io) => {
  const options = parseArgs(args);
  let output: unknown;
  try {
    output = await execute(options);
  } catch (error) {
    if (error instanceof AppError) throw new CliUsageError(error.message.split('\n')[0] ?? error.code);
    throw error;
  }
  io.stdout.write(`${JSON.stringify(output)}\n`);
  return 0;
};
