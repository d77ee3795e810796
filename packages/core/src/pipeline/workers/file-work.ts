import { createReadStream, readFileSync, statSync } from 'node:fs';
import { getOrigin } from '../../event/origin';
import type { TrailEvent } from '../../event/trail-event';
import { toPredicate } from '../../filters/combinators';
import { WHOLE_GZIP_MAX } from '../../parser/decoded-bytes';
import { parse, parseClean } from '../../parser/parse';
import type { ByteInput } from '../../parser/types';
import { indexDetectors } from '../../rules/detector-index';
import type { Detector, Finding } from '../../rules/types';
import { Selection } from '../../sources/files/selection';
import { DROPPED, type FilePart, type FileTask, PASSED, SENT, type WorkerPlan } from './protocol';
import { rebuildFilter } from './rebuild-filter';
import { sendError } from './revive-error';

/** Bytes per read of a streamed (large) file, as the files source reads it. */
const STREAM_CHUNK = 1024 * 1024;

/** A {@link WorkerPlan} compiled once per worker: the selection, the filters, the detection pre-check. */
export interface CompiledPlan {
  plan: WorkerPlan;
  selection: Selection;
  filters: Array<(event: TrailEvent) => boolean>;
  /** True when a detector of the plan may act on the event; undefined: every passing event is sent. */
  mayDetect: ((event: TrailEvent) => boolean) | undefined;
}

/** What a stand-in "finds" (the index skips empty results). */
const MARK: Finding[] = [{} as Finding];

/** Compile a plan (filters from their specs, detectors as their promises plus their rule's match). */
export function compilePlan(plan: WorkerPlan): CompiledPlan {
  const s = plan.selection;
  const selection = new Selection({
    paths: [],
    accounts: s.accounts ? new Set(s.accounts) : undefined,
    regions: s.regions ? new Set(s.regions) : undefined,
    since: s.since,
    until: s.until,
    concurrency: 1,
    batchSize: undefined,
    name: 'files',
  });
  const filters = plan.filters.map((spec) => toPredicate(rebuildFilter(spec)));
  let mayDetect: CompiledPlan['mayDetect'];
  if (plan.detection) {
    // The same index as the main thread's, over stand-ins that "find" when the real detector may act:
    // the index's candidate logic (hints, case, errorCode) is reused as it is.
    const standIns: Detector[] = plan.detection.map((d, i) => {
      const test = d.match ? toPredicate(rebuildFilter(d.match)) : undefined;
      return {
        id: `worker-${i}`,
        process: test ? (e) => (test(e) ? MARK : undefined) : () => MARK,
        ...(d.eventNames && { eventNames: d.eventNames }),
        ...(d.eventSources && { eventSources: d.eventSources }),
        ...(d.errorsOnly && { errorsOnly: true }),
        ...(d.hintsIgnoreCase && { hintsIgnoreCase: true }),
      };
    });
    const index = indexDetectors(standIns);
    mayDetect = (e) => {
      // the first stand-in that "finds" decides: the others need not run
      for (const d of index.candidates(e)) if (d.process(e) !== undefined) return true;
      return false;
    };
  }
  return { plan, selection, filters, mayDetect };
}

/**
 * Read one file as the files source does (whole up to `WHOLE_GZIP_MAX`, else streamed), apply the
 * source's selection and the plan's filters, and hand the result to `emit` in parts of at most
 * `plan.partEvents` kept events (awaited: the caller's back-pressure). Never throws: a read that fails
 * ends with `end.thrown`.
 */
export async function processFile(
  task: FileTask,
  c: CompiledPlan,
  emit: (part: FilePart) => Promise<void>,
): Promise<void> {
  const { file, skip } = task;
  const { plan } = c;
  const keep = c.selection.eventFilter(file);
  let part = newPart();
  let kept = 0;
  let consumed = 0;
  let bytes = 0;
  let lastInvalid: unknown;
  let thrown: NonNullable<FilePart['end']>['thrown'];
  const onInvalid = (error: Parameters<NonNullable<Parameters<typeof parse>[1]>['onInvalid'] & {}>[0]) => {
    part.invalid.push({ atKept: kept, error: sendError(error) });
    lastInvalid = error;
    if (plan.onInvalid === 'fail') throw error;
  };
  try {
    let input: ByteInput;
    let whole: Buffer | undefined;
    try {
      if (statSync(file).size <= WHOLE_GZIP_MAX) whole = readFileSync(file);
    } catch {
      whole = undefined; // the stream reports the failure, as in the files source
    }
    if (whole !== undefined) {
      bytes = whole.length;
      input = whole;
    } else {
      input = (async function* () {
        for await (const chunk of createReadStream(file, { highWaterMark: STREAM_CHUNK })) {
          bytes += (chunk as Buffer).length;
          yield chunk as Buffer;
        }
      })();
    }
    const options = { name: file, source: 'files', batchSize: 1000, onInvalid };
    // a small clean log file is parsed in one synchronous call, anything else by parse()
    const clean = whole !== undefined ? parseClean(whole, options) : undefined;
    for await (const batch of clean !== undefined ? [clean] : parse(input, options)) {
      for (const event of batch) {
        consumed++;
        if (consumed <= skip) continue;
        if (keep && !keep(event)) continue;
        kept++;
        part.consumed.push(consumed);
        let flag = SENT;
        for (const f of c.filters) {
          if (!f(event)) {
            flag = DROPPED;
            break;
          }
        }
        if (flag === SENT && c.mayDetect && !c.mayDetect(event)) flag = PASSED;
        part.flags.push(flag);
        if (flag === SENT) {
          const origin = getOrigin(event);
          if (origin?.envelopeId !== undefined) {
            part.envelopes ??= {};
            part.envelopes[part.events.length] = origin.envelopeId;
          }
          part.indexes.push(origin?.index ?? consumed - 1);
          part.events.push(event);
        }
        if (part.consumed.length >= plan.partEvents) {
          await emit(part);
          part = newPart();
        }
      }
    }
  } catch (error) {
    // under `fail`, the bad record's error is already in `invalid`: reported there, in its place
    if (error !== lastInvalid) thrown = { atKept: kept, error: sendError(error) };
  }
  part.end = { bytes, ...(thrown && { thrown }) };
  await emit(part);
}

function newPart(): FilePart {
  return { consumed: [], flags: [], events: [], indexes: [], invalid: [] };
}
