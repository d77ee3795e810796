import { statSync } from 'node:fs';
import type { ReadContext, SourceBatch } from '../../contracts';
import type { ParseError } from '../../errors';
import { type EventOrigin, setOrigin } from '../../event/origin';
import type { TrailEvent } from '../../event/trail-event';
import { type FilesPosition, lastDone, position, readPosition } from '../../sources/files/position';
import { DROPPED, type FilePart, SENT } from './protocol';
import { reviveError } from './revive-error';
import type { FileParts, WorkerPool } from './worker-pool';

/** A batch read by workers: its events are those sent back; `read` and `passed` count every kept event. */
export interface WorkerBatch extends SourceBatch {
  /** Events the source read for this batch (what `events.length` is on one thread). */
  read: number;
  /** Of those, the events that passed the filters the workers ran. */
  passed: number;
}

/** Compressed bytes of the listed files (a `stat` each), for `workers: 'auto'`. */
export function listedBytes(files: readonly string[]): number {
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += statSync(f).size;
    } catch {
      // unreadable: the read reports it
    }
  }
  return bytes;
}

/**
 * The files source's read loop with the per-file work done by `pool`: files are handed out `window` ahead
 * of the one being consumed, and their results taken in sorted path order, so batches are cut, and
 * positions made, exactly where the files source cuts and makes them on one thread (the same positions,
 * in the same order, reach the committer), and bad records are reported at the same point of the stream.
 */
export async function* readWithWorkers(
  listed: readonly string[],
  name: string,
  sourceBatchSize: number | undefined,
  pool: WorkerPool,
  window: number,
  ctx: ReadContext,
): AsyncGenerator<WorkerBatch> {
  const resume = readPosition(ctx.from, name);
  const partial = resume?.partial;
  const batchSize = sourceBatchSize ?? ctx.batchSize ?? 500;
  const files = resume ? listed.filter((f) => !resume.isDone(f)) : listed;
  let after = resume && listed.length > files.length ? lastDone(listed, resume) : undefined;
  ctx.log.debug('files selected', {
    source: name,
    files: files.length,
    skipped: listed.length - files.length,
    workers: pool.size,
  });
  if (ctx.signal.aborted) return;
  const results = new Map<number, FileParts>();
  let submitted = 0;
  const fill = (from: number) => {
    for (; submitted < files.length && submitted < from + window; submitted++) {
      const file = files[submitted] as string;
      results.set(submitted, pool.submit({ file, skip: partial?.file === file ? partial.records : 0 }));
    }
  };

  let events: TrailEvent[] = [];
  let read = 0;
  let passed = 0;
  let objects = 0;
  let bytes = 0;
  const batch = (p: FilesPosition): WorkerBatch => {
    const out: WorkerBatch = {
      events,
      position: p as unknown as SourceBatch['position'],
      objects,
      bytes,
      read,
      passed,
    };
    events = [];
    read = 0;
    passed = 0;
    objects = 0;
    bytes = 0;
    return out;
  };
  const report = (error: Error) => ctx.onInvalid(error as ParseError);

  for (let i = 0; i < files.length; i++) {
    if (ctx.signal.aborted) return;
    fill(i);
    const file = files[i] as string;
    const parts = results.get(i) as FileParts;
    results.delete(i);
    let kept = 0;
    for (;;) {
      const part: FilePart = await parts.next();
      if (ctx.signal.aborted) return;
      let sent = 0;
      let bad = 0;
      for (let j = 0; j < part.consumed.length; j++) {
        while (bad < part.invalid.length && (part.invalid[bad]?.atKept as number) <= kept) {
          report(reviveError(part.invalid[bad++]!.error));
        }
        const flag = part.flags[j];
        read++;
        if (flag !== DROPPED) passed++;
        if (flag === SENT) {
          const origin: EventOrigin = { source: 'files', object: file, index: part.indexes[sent] as number };
          const envelopeId = part.envelopes?.[sent];
          if (envelopeId !== undefined) origin.envelopeId = envelopeId;
          events.push(setOrigin(part.events[sent] as TrailEvent, origin));
          sent++;
        }
        kept++;
        if (read >= batchSize) {
          yield batch(position(after, { file, records: part.consumed[j] as number }));
          if (ctx.signal.aborted) return;
        }
      }
      while (bad < part.invalid.length) report(reviveError(part.invalid[bad++]!.error));
      if (part.end) {
        if (part.end.thrown) throw reviveError(part.end.thrown.error);
        bytes += part.end.bytes;
        break;
      }
    }
    objects++;
    after = file;
  }
  if (read > 0 || objects > 0) yield batch(position(after));
}
