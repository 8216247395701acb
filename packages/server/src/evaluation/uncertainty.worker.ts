/**
 * Runs a range of Monte Carlo runs for the parent thread. Messages in: `{ id, model, from, to }`;
 * out: `{ id, partial }` (its typed arrays transferred) or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import { runMonteCarlo, type UncertaintyModel, type UncertaintyPartial } from '@qunce/core/evaluation';

export type WorkerRequest = { id: number; model: UncertaintyModel; from: number; to: number };
export type WorkerResponse =
  | { id: number; partial: UncertaintyPartial }
  | { id: number; error: { name: string; message: string; code?: string; details?: unknown } };

const port = parentPort;
if (!port) throw new Error('uncertainty.worker.ts must run in a worker thread');

port.on('message', (request: WorkerRequest) => {
  try {
    const partial = runMonteCarlo(request.model, { from: request.from, to: request.to });
    const transfer: ArrayBuffer[] = [partial.histogram.buffer, partial.shiftSums.buffer] as ArrayBuffer[];
    if (partial.sobol) transfer.push(partial.sobol.buffer as ArrayBuffer);
    port.postMessage({ id: request.id, partial } satisfies WorkerResponse, transfer);
  } catch (error) {
    const e = error as { name?: string; message?: string; code?: string; details?: unknown };
    port.postMessage({
      id: request.id,
      error: {
        name: e.name ?? 'Error',
        message: e.message ?? String(error),
        code: e.code,
        details: e.details,
      },
    } satisfies WorkerResponse);
  }
});
