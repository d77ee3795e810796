/** A worker of the tree benchmark's `parse-workers` candidate: parses its share of the files, posts the count. */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parse } from '../src/parser/parse';

const { files } = workerData as { files: string[] };
let events = 0;
for (const file of files) {
  for await (const batch of parse(readFileSync(file), { name: file })) events += batch.length;
}
parentPort!.postMessage(events);
