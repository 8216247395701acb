/**
 * Splits a Monte Carlo uncertainty analysis across worker threads. The runs [0, N) are cut into one
 * contiguous range per worker; each worker streams its statistics (integer counts and sums) and the
 * partials are merged in run order. Integer sums are exact, so the JSON is byte-identical for any number
 * of workers (tested). Heavy work never runs on the request thread or inside a database transaction.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, errorCodes } from '@qunce/core';
import {
  mergeUncertaintyPartials,
  runMonteCarlo,
  summariseUncertainty,
  type UncertaintyModel,
  type UncertaintyPartial,
  type UncertaintyResult,
} from '@qunce/core/evaluation';
import type { WorkerRequest, WorkerResponse } from './uncertainty.worker.ts';

const workerEntry = new URL('./uncertainty-worker.mjs', import.meta.url);

/** Contiguous run ranges [from, to), one per worker (the first ones one run longer when N is not divisible). */
export function splitRuns(runs: number, parts: number): { from: number; to: number }[] {
  const count = Math.max(1, Math.min(parts, runs));
  const base = Math.floor(runs / count);
  const extra = runs % count;
  const ranges: { from: number; to: number }[] = [];
  let from = 0;
  for (let i = 0; i < count; i++) {
    const to = from + base + (i < extra ? 1 : 0);
    ranges.push({ from, to });
    from = to;
  }
  return ranges;
}

type Pending = { resolve: (p: UncertaintyPartial) => void; reject: (e: Error) => void };

/** A fixed set of worker threads kept alive between analyses (starting one costs tens of milliseconds). */
export class UncertaintyWorkerPool {
  readonly size: number;
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number = availableParallelism()) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker count must be ≥ 1, got ${size}`);
    this.size = size;
    this.workers = Array.from({ length: size }, () => this.spawn());
  }

  private spawn(): Worker {
    const worker = new Worker(workerEntry);
    worker.on('message', (response: WorkerResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if ('partial' in response) waiting.resolve(response.partial);
      else {
        const { code, message, details } = response.error;
        waiting.reject(
          code && (errorCodes as readonly string[]).includes(code)
            ? new AppError(code as ErrorCode, message, details as Record<string, unknown> | undefined)
            : new Error(message),
        );
      }
    });
    worker.on('error', (error) => {
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    });
    return worker;
  }

  private run(
    worker: Worker,
    model: UncertaintyModel,
    from: number,
    to: number,
  ): Promise<UncertaintyPartial> {
    const id = this.nextId++;
    return new Promise<UncertaintyPartial>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, model, from, to } satisfies WorkerRequest);
    });
  }

  /**
   * The partial of all runs, computed in parallel and merged in run order. With `onProgress`, the runs are
   * cut into `chunks` ranges (default 20) handed to whichever worker is free, and progress is reported
   * after each; the result is the same bits either way (integer sums).
   */
  async runPartial(model: UncertaintyModel, options: AnalyseOptions = {}): Promise<UncertaintyPartial> {
    const chunks = options.onProgress ? Math.max(this.size, options.chunks ?? 20) : this.size;
    const ranges = splitRuns(model.runs, chunks);
    const partials: UncertaintyPartial[] = [];
    let next = 0;
    let done = 0;
    const drain = async (worker: Worker): Promise<void> => {
      while (next < ranges.length) {
        const range = ranges[next++] as { from: number; to: number };
        partials.push(await this.run(worker, model, range.from, range.to));
        done += range.to - range.from;
        options.onProgress?.(done, model.runs);
      }
    };
    await Promise.all(this.workers.map((worker) => drain(worker)));
    return mergeUncertaintyPartials(partials);
  }

  async analyse(model: UncertaintyModel, options: AnalyseOptions = {}): Promise<UncertaintyResult> {
    return summariseUncertainty(model, await this.runPartial(model, options));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export type AnalyseOptions = {
  /** Called after each finished range of runs with (runs done, runs in all), e.g. to update a job's progress. */
  onProgress?: (done: number, total: number) => void;
  /** Ranges to cut the runs into when reporting progress (default 20). */
  chunks?: number;
};

export type RunnerOptions = AnalyseOptions & {
  /** Worker threads (default: available cores); 0 runs in the calling thread. */
  workers?: number;
};

/** One analysis on a fresh pool (closed afterwards). Same JSON for any `workers`. */
export async function runUncertaintyInWorkers(
  model: UncertaintyModel,
  options: RunnerOptions = {},
): Promise<UncertaintyResult> {
  const workers = options.workers ?? availableParallelism();
  if (workers === 0) {
    const result = summariseUncertainty(model, runMonteCarlo(model));
    options.onProgress?.(model.runs, model.runs);
    return result;
  }
  const pool = new UncertaintyWorkerPool(workers);
  try {
    return await pool.analyse(model, options);
  } finally {
    await pool.close();
  }
}
