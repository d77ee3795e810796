/**
 * One measurement in its own process, run bundled (see `bundle.ts`): `child.mjs <candidate> <concurrency>
 * <target JSON>` prints what `runCandidate` measured as one JSON line.
 */
import { type Candidate, runCandidate, type Target } from './candidates';

process.removeAllListeners('warning');
process.on('warning', (warning) => {
  // the SDK's Node 20 notice, once per process: not a problem of the measurement
  if (warning.name !== 'NodeVersionSupportWarning')
    console.error(`[${process.argv[2]}] ${warning.name}: ${warning.message}`);
});
const measured = await runCandidate(
  process.argv[2] as Candidate,
  Number(process.argv[3]),
  JSON.parse(process.argv[4]!) as Target,
);
process.stdout.write(`${JSON.stringify(measured)}\n`);
