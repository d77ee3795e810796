/**
 * Worker thread of the parallel benchmark: loads, says `ready`, waits for `go`, parses the file with
 * trailkit and posts the event count.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runCandidate } from './candidates';

const { path } = workerData as { path: string };
parentPort!.once('message', async () => {
  parentPort!.postMessage(await runCandidate('trailkit', path, 'records-minified'));
});
parentPort!.postMessage('ready');
