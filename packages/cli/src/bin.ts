#!/usr/bin/env node
/** The `trailkit` executable: runs `main()` on the real process, Ctrl-C stops the run cleanly. */
import { processIo } from './io';
import { main } from './main';

// The AWS SDK warns about Node 20 support ending in 2027 on every run: keep stderr for trailkit's own output.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
  if (type === 'NodeVersionSupportWarning' || /^NodeVersionSupportWarning/.test(text)) return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const controller = new AbortController();
let interrupted = false;
const stop = (signal: NodeJS.Signals) => {
  if (interrupted) process.exit(signal === 'SIGINT' ? 130 : 143);
  interrupted = true;
  process.stderr.write(
    `\ntrailkit: stopping on ${signal} (flushing outputs, saving the checkpoint; again to quit now)\n`,
  );
  // The signal's name is the abort reason: `scan` exits 130 (SIGINT) or 143 (SIGTERM) when it stopped early.
  controller.abort(signal);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `trailkit ... | head`: the reader went away; stop quietly
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo(controller.signal));
