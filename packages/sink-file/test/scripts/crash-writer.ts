/**
 * Writes events through a file sink, then dies without closing it (a crash), optionally appending a torn
 * tail to the temp file first. Args: <dir|file> <gzip: 0|1> <tear: 0|1> [mode: dir|path] [append: 0|1]
 * [first: index of the first event] [count]. `CRASH_FORMAT=parquet` writes Parquet (dir mode: its journal is
 * the temp file that is torn).
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileSink } from '../../src/index';
import { stratusEvents } from '../helpers';

const [target = '', gzip = '0', tear = '0', mode = 'dir', append = '0', first = '0', count = '1000000'] =
  process.argv.slice(2);
const events = stratusEvents(process.env.CRASH_EVENTS).slice(Number(first), Number(first) + Number(count));
const sink =
  process.env.CRASH_FORMAT === 'parquet'
    ? mode === 'path'
      ? fileSink({ path: target, format: 'parquet' })
      : fileSink({ dir: target, format: 'parquet' })
    : mode === 'path'
      ? fileSink({ path: target, gzip: gzip === '1', append: append === '1' })
      : fileSink({ dir: target, gzip: gzip === '1' });
const ctx = { signal: new AbortController().signal };
await sink.write(events.slice(0, 2), ctx);
await sink.write(events.slice(2), ctx);
if (tear === '1') {
  const dir = mode === 'path' ? dirname(target) : target;
  const prefix = mode === 'path' ? `.${basename(target)}.` : '.';
  const temp = readdirSync(dir).find((n) => n.startsWith(prefix) && n.endsWith('.tmp'))!;
  // half of a third write: a partial line, or the start of a gzip member
  appendFileSync(
    join(dir, temp),
    gzip === '1' ? Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0]) : '{"eventID":"torn',
  );
}
process.exit(0);
