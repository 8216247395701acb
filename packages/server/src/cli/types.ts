/** What a CLI command gets: its arguments (after the command name) and the process streams. */
export type CliIO = {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
};

/** A command returns its exit code: 0 success, 1 failure found (e.g. a broken audit chain), 2 bad input. */
export type CliCommand = (args: string[], io: CliIO) => Promise<number>;

/** Thrown by commands for bad input: main prints the one-line message and exits 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export async function readStdin(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
