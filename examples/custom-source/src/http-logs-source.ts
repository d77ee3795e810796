/**
 * A user-written trailkit Source: reads CloudTrail log files from a list of HTTP(S) URLs.
 *
 * This is the template for writing your own source. The contract (`Source` in `@trailkit/core`):
 *
 * - `name` is short and stable: it is the default checkpoint key.
 * - `read(ctx)` returns an `AsyncIterable<SourceBatch>`; an async generator is the simplest way.
 * - Each batch carries a `position`: a JSON value meaning "this batch and everything before it is done".
 *   The pipeline saves it only after every sink has written the batch, so a crash replays at most the
 *   batches in flight (at-least-once). On the next run `ctx.from` is the last saved position: skip what it
 *   covers.
 * - Parse bytes with core's `parse()`; pass `ctx.onInvalid` so the run's `onInvalid` policy applies (under
 *   `skip` bad records are counted and skipped, under `fail` the error propagates and stops the run).
 * - Honour `ctx.signal`: stop reading when it aborts (pass it to `fetch`, check it between batches).
 * - Report `objects` and `bytes` for the run summary.
 */
import {
  ConfigError,
  parse,
  type Position,
  type ReadContext,
  type Source,
  type SourceBatch,
  SourceError,
} from '@trailkit/core';

/** Options of {@link httpLogsSource}. */
export interface HttpLogsSourceOptions {
  /** URLs of CloudTrail log files (`.json.gz`, `.json`, NDJSON: anything `parse()` reads), read in order. */
  urls: readonly string[];
  /** Events per batch (default 500). */
  batchSize?: number;
  /** Injectable `fetch` (default: the global one), e.g. to add headers or for tests. */
  fetch?: typeof fetch;
}

/**
 * Where a run stopped: every URL before `url` is done, and the first `records` events of `urls[url]`.
 * Keep positions small and JSON-only: they are written to the checkpoint store after every batch.
 */
export interface HttpLogsPosition {
  url: number;
  records: number;
}

/** Build the source. Options are validated here, so mistakes fail before the run starts. */
export function httpLogsSource(options: HttpLogsSourceOptions): Source {
  if (!Array.isArray(options?.urls) || options.urls.length === 0) {
    throw new ConfigError('httpLogsSource', 'urls must be a non-empty array of URLs');
  }
  for (const url of options.urls) {
    if (!/^https?:\/\//.test(url)) throw new ConfigError('httpLogsSource', `not an http(s) URL: ${url}`);
  }
  const urls = [...options.urls];
  const batchSize = options.batchSize ?? 500;
  const doFetch = options.fetch ?? fetch;

  return {
    name: 'http-logs',
    async *read(ctx: ReadContext): AsyncGenerator<SourceBatch> {
      const start = toPosition(ctx.from);
      for (let u = start.url; u < urls.length; u++) {
        ctx.signal.throwIfAborted();
        const url = urls[u] as string;
        const skip = u === start.url ? start.records : 0;
        const response = await doFetch(url, { signal: ctx.signal }).catch((error: unknown) => {
          throw new SourceError('HTTP_FETCH_FAILED', 'http-logs', url, String(error), { cause: error });
        });
        if (!response.ok || !response.body) {
          throw new SourceError('HTTP_STATUS', 'http-logs', url, `HTTP ${response.status}`);
        }
        const bytes = Number(response.headers.get('content-length') ?? 0);
        let done = 0;
        let last: SourceBatch | undefined;
        for await (const events of parse(response.body, {
          name: url,
          source: 'http-logs',
          batchSize,
          onInvalid: ctx.onInvalid,
        })) {
          // Resuming inside a file: drop the records a previous run already delivered.
          const fresh = done >= skip ? events : events.slice(Math.min(events.length, skip - done));
          done += events.length;
          if (fresh.length === 0) continue;
          if (last) yield last;
          last = { events: fresh, position: position(u, done) };
          ctx.signal.throwIfAborted();
        }
        // The file's last batch moves the position to the next URL and counts the object.
        yield { events: last?.events ?? [], position: position(u + 1, 0), objects: 1, bytes };
      }
    },
  };
}

function position(url: number, records: number): Position {
  return { url, records } satisfies HttpLogsPosition as unknown as Position;
}

/** Read `ctx.from` defensively: a checkpoint file may be old or hand-edited. */
function toPosition(from: Position | undefined): HttpLogsPosition {
  if (from === undefined || from === null) return { url: 0, records: 0 };
  const p = from as Partial<HttpLogsPosition>;
  if (typeof p.url !== 'number' || typeof p.records !== 'number' || p.url < 0 || p.records < 0) {
    throw new ConfigError('httpLogsSource', `cannot resume from position ${JSON.stringify(from)}`);
  }
  return { url: p.url, records: p.records };
}
