/**
 * Writes events through a file sink, then dies without closing it (a crash), optionally appending a torn
 * tail to the temp file first. Args: <dir> <gzip: 0|1> <tear: 0|1>.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileSink } from '../../src/index';
import { stratusEvents } from '../helpers';

const [dir = '', gzip = '0', tear = '0'] = process.argv.slice(2);
const events = stratusEvents();
const sink = fileSink({ dir, gzip: gzip === '1' });
const ctx = { signal: new AbortController().signal };
await sink.write(events.slice(0, 2), ctx);
await sink.write(events.slice(2), ctx);
if (tear === '1') {
  const temp = readdirSync(dir).find((n) => n.endsWith('.tmp'))!;
  // half of a third write: a partial line, or the start of a gzip member
  appendFileSync(
    join(dir, temp),
    gzip === '1' ? Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0]) : '{"eventID":"torn',
  );
}
process.exit(0);
