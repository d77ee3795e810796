/**
 * Child process of kill-resume.test.ts: a library pipeline from `sequenceSource` into one file sink with a
 * file checkpoint, as a user writes it. Prints `committed <n>` after each committed batch; Ctrl-C (SIGINT)
 * stops it cleanly (exit 130). Args: <dir|dir-gz|dir-parquet|path|path-gz> <out> <checkpoint.json>
 */
import { fileCheckpoint, pipeline } from '@trailkit/core';
import { sequenceSource } from '@trailkit/testing';
import { fileSink } from '../../src/index';

const [mode = 'dir', out = '', state = ''] = process.argv.slice(2);
const controller = new AbortController();
process.on('SIGINT', () => controller.abort('SIGINT'));
const checkpoint = fileCheckpoint(state);
// a resumed run appends to a single file instead of replacing what earlier runs wrote
const resuming = (await checkpoint.load('sequence')) !== undefined;
const gzip = mode.endsWith('-gz');
const sink = mode.startsWith('path')
  ? fileSink({ path: out, gzip, append: resuming })
  : mode === 'dir-parquet'
    ? fileSink({
        dir: out,
        format: 'parquet',
        partitionBy: 'account/region/date',
        rotate: { maxBytes: 256 * 1024 },
      })
    : fileSink({ dir: out, gzip, partitionBy: 'account/region/date', rotate: { maxBytes: 256 * 1024 } });
const summary = await pipeline()
  .from(sequenceSource({ total: 12_000, batchSize: 100, delayMs: 2 }))
  .to(sink)
  .run({
    signal: controller.signal,
    checkpoint,
    onProgress: (s) => process.stdout.write(`committed ${s.committedBatches}\n`),
  });
process.exit(summary.aborted ? 130 : 0);
