/**
 * Child process of kill-resume.test.ts: a library pipeline from `sequenceSource` into a Slack sink (events) with a
 * file checkpoint. Prints `committed <n>` after each committed batch; Ctrl-C (SIGINT) stops it cleanly
 * (exit 130). Args: <url> <checkpoint.json>
 */
import { fileCheckpoint, pipeline } from '@trailkit/core';
import { sequenceSource } from '@trailkit/testing';
import { slackSink } from '../../src/index';

const [url = '', state = ''] = process.argv.slice(2);
const controller = new AbortController();
process.on('SIGINT', () => controller.abort('SIGINT'));
const summary = await pipeline()
  .from(sequenceSource({ total: 12_000, batchSize: 100, delayMs: 2 }))
  .to(slackSink({ webhookUrl: url }, { rateLimitPerSecond: 1000 }))
  .run({
    signal: controller.signal,
    checkpoint: fileCheckpoint(state),
    onProgress: (s) => process.stdout.write(`committed ${s.committedBatches}\n`),
  });
process.exit(summary.aborted ? 130 : 0);
