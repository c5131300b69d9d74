// Where the command's log lines go: readable lines with colours for a person at a terminal (pino's
// pretty printer), JSON lines for everything else (a log collector, a file, a pipe).

import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export interface LogOutput {
  write(line: string): unknown;
  isTTY?: boolean;
}

export function createCliLogger(level: string, output: LogOutput = process.stdout): Logger {
  const options = { level, base: undefined };
  if (!output.isTTY) return pino(options, output);
  // Synchronous, so the last lines before an exit are not lost.
  return pino(options, pretty({ destination: output as NodeJS.WritableStream, colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l' }));
}
