#!/usr/bin/env node
/** The `trailkit` executable: runs `main()` on the real process, Ctrl-C stops the run cleanly. */
import { processIo } from './io';
import { main } from './main';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\ntrailkit: stopping (flushing outputs; press Ctrl-C again to quit now)\n');
  controller.abort();
});
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `trailkit ... | head`: the reader went away; stop quietly
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo(controller.signal));
