/**
 * Child process of the evaluation suite: one national uncertainty analysis (1,000 units × 60 indicators)
 * with the given number of runs in this thread, then its peak RSS and heap, as JSON on stdout. Run in a
 * fresh process per size so that the peaks do not mix.
 */
import { analyseUncertainty, buildUncertaintyModel } from '@qunce/core/evaluation';
import { syntheticSet } from './synthetic-data.ts';

const runs = Number(process.argv[2] ?? '1000');
const set = syntheticSet(1000, 20260102, runs);
const result = analyseUncertainty(buildUncertaintyModel(set.spec, set.data));
const used = process.memoryUsage();
process.stdout.write(
  JSON.stringify({
    runs,
    evaluations: result.evaluations,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    heapUsedMiB: used.heapUsed / 2 ** 20,
  }),
);
