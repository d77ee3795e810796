/**
 * Child process of crash.test.ts: runs a pipeline over the samples into an NDJSON file with a file
 * checkpoint. Usage: node --conditions=source --import tsx crash-run.ts <samples> <out.ndjson> <state.json> <delayMs> [workers]
 * Prints `committed <n>` after each committed batch so the parent knows when to kill it.
 */
import { open } from 'node:fs/promises';
import { fileCheckpoint } from '../../src/checkpoint/file-checkpoint';
import type { Sink } from '../../src/contracts';
import { getOrigin } from '../../src/event/origin';
import type { TrailEvent } from '../../src/event/trail-event';
import { pipeline } from '../../src/pipeline/pipeline';
import { filesSource } from '../../src/sources/files/files-source';

const [samples, out, state, delay, workers] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const delayMs = Number(delay);

/**
 * Appends one line per event and fsyncs before resolving: a resolved write is durable. Appends are chained in
 * the order the pipeline calls `write` (concurrent appends to one file may land in any order, and the test
 * checks the file's order).
 */
function ndjsonSink(path: string): Sink<TrailEvent> {
  const file = open(path, 'a');
  let appended: Promise<unknown> = Promise.resolve();
  return {
    name: 'ndjson',
    async write(items) {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const lines = items.map((e) => `${JSON.stringify({ origin: getOrigin(e), id: e.eventID })}\n`).join('');
      const append = appended.then(async () => {
        const handle = await file;
        await handle.write(lines);
        await handle.sync();
      });
      appended = append.catch(() => undefined);
      await append;
    },
    async close() {
      await (await file).close();
    },
  };
}

const summary = await pipeline()
  .from(filesSource({ paths: samples, concurrency: 2 }))
  .to(ndjsonSink(out))
  .run({
    checkpoint: fileCheckpoint(state),
    concurrency: 3,
    batchSize: 50,
    workers: Number(workers ?? 1),
    onProgress: (s) => process.stdout.write(`committed ${s.committedBatches}\n`),
  });
process.stdout.write(
  `done ${JSON.stringify({ read: summary.events.read, written: summary.sinks[0]?.written, workers: summary.workers })}\n`,
);
