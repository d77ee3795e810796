#!/usr/bin/env node
/** The `trailkit` executable: runs `main()` on the real process, Ctrl-C stops the run cleanly. */
import { processIo } from './io';
import { main } from './main';

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
