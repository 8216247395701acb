/**
 * `qunce bench [suite…] [--quick]`: runs benchmark suites (default: all), writes bench/results/<suite>.json
 * and regenerates the suite's table in docs/BENCHMARKS.md. Suites live in bench/suites.ts.
 */
import { type CliCommand, CliUsageError } from '../types.ts';

export const run: CliCommand = async (args, io) => {
  const { suites } = await import('../../../../../bench/suites.ts');
  const { writeSuiteResult, renderSuite } = await import('../../../../../bench/bench-harness.ts');
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const flag of args.filter((a) => a.startsWith('--') && a !== '--quick'))
    throw new CliUsageError(`未知选项 / unknown option ${flag} (usage: qunce bench [suite…] [--quick])`);
  for (const name of names)
    if (!(name in suites))
      throw new CliUsageError(
        `未知基准套件 / unknown benchmark suite ${name}; known: ${Object.keys(suites).join(', ')}`,
      );
  for (const name of names.length > 0 ? names : Object.keys(suites)) {
    const load = suites[name];
    if (!load) continue;
    const runner = await load();
    io.stderr.write(`bench ${name}${quick ? ' (quick)' : ''}\n`);
    const result = await runner({ quick, log: (line) => io.stderr.write(`  ${line}\n`) });
    const file = writeSuiteResult(result);
    io.stdout.write(`${renderSuite(result)}\n\n→ ${file}\n`);
  }
  return 0;
};
