import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

async function qunce(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end('');
  const code = await main(args, {
    stdin,
    stdout: sink(() => {}),
    stderr: sink((s) => {
      stderr += s;
    }),
  });
  return { code, stderr };
}

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
