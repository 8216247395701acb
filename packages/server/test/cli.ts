import { PassThrough } from 'node:stream';
import { main } from '../src/cli/main.ts';

export type CliRun = {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved in the order they were written. */
  out: string;
};

/** Runs `qunce <args>` in-process with in-memory streams, as the bin would with a pipe. */
export async function runCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<CliRun> {
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const result = { stdout: '', stderr: '', out: '' };
  stdout.on('data', (chunk: Buffer) => {
    result.stdout += chunk.toString('utf8');
    result.out += chunk.toString('utf8');
  });
  stderr.on('data', (chunk: Buffer) => {
    result.stderr += chunk.toString('utf8');
    result.out += chunk.toString('utf8');
  });
  const code = await main(args, { stdin, stdout, stderr, env: options.env ?? {} });
  // PassThrough delivers 'data' asynchronously: let the last chunks arrive.
  await new Promise((resolve) => setImmediate(resolve));
  return { code, ...result };
}
