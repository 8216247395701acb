import { commands } from './commands.ts';
import { type CliIO, CliUsageError } from './types.ts';

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`);
  return `用法 / usage: qunce <command> [options]\n\n${lines.join('\n')}\n`;
}

export async function main(argv: string[], io?: Partial<CliIO>): Promise<number> {
  const streams: CliIO = {
    stdin: io?.stdin ?? process.stdin,
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    env: io?.env ?? process.env,
  };
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    streams.stdout.write(usage());
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    streams.stderr.write(`未知命令 / unknown command: ${name}\n${usage()}`);
    return 2;
  }
  try {
    const { run } = await entry.load();
    return await run(args, streams);
  } catch (error) {
    if (error instanceof CliUsageError) {
      streams.stderr.write(`${error.message.split('\n')[0]}\n`);
      return 2;
    }
    streams.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
