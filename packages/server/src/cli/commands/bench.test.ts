import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/cli.ts';

const qunce = (args: string[]) => runCli(args);

describe('qunce bench (argument handling; the suites themselves are benchmarks, not tests)', () => {
  it('exits 2 with one line naming the known suites for an unknown suite', async () => {
    const { code, stderr } = await qunce(['bench', 'nope']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('unknown benchmark suite nope; known: evaluation');
  });

  it('exits 2 for an unknown option', async () => {
    const { code, stderr } = await qunce(['bench', 'evaluation', '--fast']);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --fast');
  });
});
