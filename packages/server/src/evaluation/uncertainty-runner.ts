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

  /** The partial of all runs, computed in parallel and merged in run order. */
  async runPartial(model: UncertaintyModel): Promise<UncertaintyPartial> {
    const ranges = splitRuns(model.runs, this.size);
    const partials = await Promise.all(
      ranges.map((range, i) => this.run(this.workers[i] as Worker, model, range.from, range.to)),
    );
    return mergeUncertaintyPartials(partials);
  }

  async analyse(model: UncertaintyModel): Promise<UncertaintyResult> {
    return summariseUncertainty(model, await this.runPartial(model));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export type RunnerOptions = {
  /** Worker threads (default: available cores); 0 runs in the calling thread. */
  workers?: number;
};

/** One analysis on a fresh pool (closed afterwards). Same JSON for any `workers`. */
export async function runUncertaintyInWorkers(
  model: UncertaintyModel,
  options: RunnerOptions = {},
): Promise<UncertaintyResult> {
  const workers = options.workers ?? availableParallelism();
  if (workers === 0) return summariseUncertainty(model, runMonteCarlo(model));
  const pool = new UncertaintyWorkerPool(workers);
  try {
    return await pool.analyse(model);
  } finally {
    await pool.close();
  }
}
