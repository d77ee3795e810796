import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadContext, SourceBatch } from '../../src/contracts';
import { ConfigError, ParseError, SourceError } from '../../src/errors';
import { getOrigin } from '../../src/event/origin';
import type { TrailEvent } from '../../src/event/trail-event';
import { pipeline } from '../../src/pipeline/pipeline';
import { filesSource } from '../../src/sources/files/files-source';
import { tempDir } from '../temp-dir';
import { FIXTURES, SAMPLES, collectSink } from './helpers';

const DAY = join(SAMPLES, 'AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10');
let sampleFiles: string[] = [];
/** Every sample event, decoded with zlib + JSON.parse, in sorted file order. */
let sampleEvents: Array<{ file: string; index: number; event: TrailEvent }> = [];

beforeAll(async () => {
  sampleFiles = (await readdir(DAY))
    .filter((f) => f.endsWith('.json.gz'))
    .sort()
    .map((f) => join(DAY, f));
  sampleEvents = [];
  for (const file of sampleFiles) {
    const records = (
      JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as { Records: TrailEvent[] }
    ).Records;
    records.forEach((event, index) => {
      sampleEvents.push({ file, index, event });
    });
  }
});

function ctx(overrides: Partial<ReadContext> = {}): ReadContext & { invalid: ParseError[] } {
  const invalid: ParseError[] = [];
  return {
    signal: new AbortController().signal,
    log: { debug() {}, info() {}, warn() {}, error() {} },
    onInvalid: (e) => void invalid.push(e),
    invalid,
    ...overrides,
  };
}

async function readAll(
  source: ReturnType<typeof filesSource>,
  c: ReadContext = ctx(),
): Promise<SourceBatch[]> {
  const out: SourceBatch[] = [];
  for await (const batch of source.read(c)) out.push(batch);
  return out;
}

describe('filesSource over the samples AWSLogs tree', () => {
  it('reads all 52 gzip files and 2,474 records in sorted file order, with origins', async () => {
    const batches = await readAll(filesSource({ paths: [join(SAMPLES, 'AWSLogs')], batchSize: 200 }));
    const events = batches.flatMap((b) => b.events);
    expect(sampleFiles.length).toBe(52);
    expect(events.length).toBe(2474);
    expect(events).toEqual(sampleEvents.map((s) => s.event));
    expect(events.map((e) => getOrigin(e))).toEqual(
      sampleEvents.map((s) => ({ source: 'files', object: s.file, index: s.index })),
    );
    expect(batches.every((b) => b.events.length <= 200)).toBe(true);
    expect(batches.reduce((n, b) => n + (b.objects ?? 0), 0)).toBe(52);
    const sizes = await Promise.all(sampleFiles.map(async (f) => (await stat(f)).size));
    expect(batches.reduce((n, b) => n + (b.bytes ?? 0), 0)).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(batches.at(-1)?.position).toEqual({ v: 2, after: sampleFiles.at(-1) });
  });

  it('gives the same events whatever the concurrency', async () => {
    const ids = async (concurrency: number) =>
      (await readAll(filesSource({ paths: SAMPLES + 'AWSLogs', concurrency, batchSize: 50 })))
        .flatMap((b) => b.events)
        .map((e) => e.eventID);
    const one = await ids(1);
    expect(await ids(8)).toEqual(one);
    expect(one).toEqual(sampleEvents.map((s) => s.event.eventID));
  });

  it('selects by time: events in [since, until), date folders and file names pruned', async () => {
    const since = Date.parse('2023-07-10T12:05:00Z');
    const until = Date.parse('2023-07-10T12:20:00Z');
    const source = filesSource({
      paths: join(SAMPLES, 'AWSLogs'),
      since: '2023-07-10T12:05:00Z',
      until: new Date(until),
    });
    const batches = await readAll(source);
    const got = batches.flatMap((b) => b.events);
    const expected = sampleEvents
      .map((s) => s.event)
      .filter((e) => {
        const t = Date.parse(e.eventTime ?? '');
        return t >= since && t < until;
      });
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(2474);
    expect(got.map((e) => e.eventID).sort()).toEqual(expected.map((e) => e.eventID).sort());
    // Files named 12:00 or earlier (delivered by then) cannot hold events from 12:05 on: they were not read.
    const read = batches.reduce((n, b) => n + (b.objects ?? 0), 0);
    expect(read).toBe(sampleFiles.filter((f) => !/_20230710T(11[0-5]\d|1200)Z_/.test(f)).length);
    expect(read).toBe(47);
  });

  it('since after the whole day prunes the day folder: nothing is read', async () => {
    const batches = await readAll(
      filesSource({ paths: join(SAMPLES, 'AWSLogs'), since: '2023-07-11T00:00:00Z' }),
    );
    expect(batches).toEqual([]);
  });

  it('accounts and regions prune folders', async () => {
    const other = await readAll(filesSource({ paths: join(SAMPLES, 'AWSLogs'), accounts: ['111122223333'] }));
    expect(other).toEqual([]);
    const west = await readAll(filesSource({ paths: join(SAMPLES, 'AWSLogs'), regions: ['eu-west-1'] }));
    expect(west).toEqual([]);
    const mine = await readAll(
      filesSource({ paths: join(SAMPLES, 'AWSLogs'), accounts: ['218007301253'], regions: ['us-east-1'] }),
    );
    expect(mine.flatMap((b) => b.events).length).toBe(2474);
  });

  it('reads globs', async () => {
    const batches = await readAll(
      filesSource({ paths: `${SAMPLES}AWSLogs/**/*_20230710T121[05]Z_*.json.gz` }),
    );
    const files = sampleFiles.filter((f) => /_20230710T121[05]Z_/.test(f));
    expect(files.length).toBeGreaterThan(2);
    expect(batches.flatMap((b) => b.events)).toEqual(
      sampleEvents.filter((s) => files.includes(s.file)).map((s) => s.event),
    );
  });

  it('resumes: skips finished files and the records already delivered from the current one', async () => {
    const from = {
      v: 2,
      after: sampleFiles[9] as string,
      partial: { file: sampleFiles[10] as string, records: 5 },
    };
    const batches = await readAll(filesSource({ paths: join(SAMPLES, 'AWSLogs') }), ctx({ from }));
    const skipped = sampleEvents.findIndex((s) => s.file === sampleFiles[10]) + 5;
    expect(batches.flatMap((b) => b.events)).toEqual(sampleEvents.slice(skipped).map((s) => s.event));
    expect(batches.at(-1)?.position).toEqual({ v: 2, after: sampleFiles.at(-1) });
  });

  it('mid-file batches carry a partial position', async () => {
    const big = sampleFiles.find((f) => f.includes('iLj9fb7yyUG9X4Bf')) as string;
    const batches = await readAll(filesSource({ paths: big, batchSize: 100 }));
    expect(batches.map((b) => b.events.length)).toEqual([100, 100, 100, 94]);
    expect(batches[0]?.position).toEqual({ v: 2, partial: { file: big, records: 100 } });
    expect(batches[3]?.position).toEqual({ v: 2, after: big });
    expect(batches.map((b) => b.objects)).toEqual([0, 0, 0, 1]);
  });
});

describe('filesSource over the real fixtures (every shape)', () => {
  it('reads each fixture with the record count of counts.json', async () => {
    const counts = JSON.parse(await readFile(join(FIXTURES, 'counts.json'), 'utf8')) as Record<
      string,
      number
    >;
    const dirs = [
      'invictus-aws-dataset',
      'otel-collector-contrib',
      'plaso',
      'stratus-red-team',
      'trailscraper',
    ];
    const batches = await readAll(filesSource({ paths: dirs.map((d) => join(FIXTURES, d)), concurrency: 6 }));
    const perFile: Record<string, number> = {};
    for (const e of batches.flatMap((b) => b.events)) {
      const object = getOrigin(e)?.object ?? '?';
      const key = object.slice(resolve(FIXTURES).length + 1);
      perFile[key] = (perFile[key] ?? 0) + 1;
    }
    expect(perFile).toEqual(counts);
  });
});

describe('filesSource layout handling', () => {
  it('walks org trees, skips digest, insight and hidden folders, prunes by account/region/date', async () => {
    const root = await tempDir('trailkit-files-');
    const sample = sampleFiles[0] as string;
    const put = async (rel: string, from = sample) => {
      await mkdir(join(root, rel, '..'), { recursive: true });
      await cp(from, join(root, rel));
    };
    const name = (acct: string, region: string, t: string) =>
      `${acct}_CloudTrail_${region}_${t}_abcdefghijklmnop.json.gz`;
    await put(
      `AWSLogs/o-abcdef1234/111122223333/CloudTrail/us-east-1/2023/07/10/${name('111122223333', 'us-east-1', '20230710T1200Z')}`,
    );
    await put(
      `AWSLogs/o-abcdef1234/111122223333/CloudTrail/eu-west-1/2023/07/10/${name('111122223333', 'eu-west-1', '20230710T1200Z')}`,
    );
    await put(
      `AWSLogs/o-abcdef1234/444455556666/CloudTrail/us-east-1/2023/07/10/${name('444455556666', 'us-east-1', '20230710T1200Z')}`,
    );
    await put(
      `AWSLogs/o-abcdef1234/111122223333/CloudTrail/us-east-1/2023/07/09/${name('111122223333', 'us-east-1', '20230709T1200Z')}`,
    );
    // Never to be read: if they were, the run would fail on their content.
    const junk = join(root, 'junk.json');
    await writeFile(junk, 'not json at all');
    await put(
      'AWSLogs/o-abcdef1234/111122223333/CloudTrail-Digest/us-east-1/2023/07/10/x_CloudTrail-Digest_x.json.gz',
      junk,
    );
    await put('AWSLogs/o-abcdef1234/111122223333/CloudTrail-Insight/us-east-1/2023/07/10/x.json.gz', junk);
    await put('AWSLogs/o-abcdef1234/111122223333/CloudTrail/us-east-1/.cache/x.json', junk);
    await put('AWSLogs/o-abcdef1234/111122223333/CloudTrail/us-east-1/2023/07/10/notes.txt', junk);
    const files = async (opts: object) => {
      const batches = await readAll(filesSource({ paths: join(root, 'AWSLogs'), ...opts }));
      return batches
        .flatMap((b) => b.events.map((e) => getOrigin(e)?.object as string))
        .filter((v, i, a) => a.indexOf(v) === i)
        .map((f) =>
          f
            .slice(root.length + 1)
            .split('/')
            .slice(2)
            .filter((_, i) => [0, 2, 5].includes(i))
            .join('/'),
        );
    };
    expect(await files({})).toEqual([
      '111122223333/eu-west-1/10',
      '111122223333/us-east-1/09',
      '111122223333/us-east-1/10',
      '444455556666/us-east-1/10',
    ]);
    expect(await files({ accounts: ['444455556666'] })).toEqual(['444455556666/us-east-1/10']);
    expect(await files({ regions: ['eu-west-1'] })).toEqual(['111122223333/eu-west-1/10']);
    expect(
      await files({ since: '2023-07-10T00:00:00Z', regions: ['us-east-1'], accounts: ['111122223333'] }),
    ).toEqual(['111122223333/us-east-1/10']);
    // The folder decides the account (the sample's anonymised records say 123837392027): all events kept.
    const events = await readAll(filesSource({ paths: join(root, 'AWSLogs'), accounts: ['444455556666'] }));
    expect(events.flatMap((b) => b.events).length).toBe(sampleEvents.filter((x) => x.file === sample).length);
  });
});

describe('filesSource errors', () => {
  it('invalid options are ConfigErrors', () => {
    for (const bad of [
      {},
      { paths: [] },
      { paths: [''] },
      { paths: 'x', accounts: ['123'] },
      { paths: 'x', regions: ['US East'] },
      { paths: 'x', since: 'yesterday' },
      { paths: 'x', since: '2024-01-02', until: '2024-01-01' },
      { paths: 'x', concurrency: 0 },
      { paths: 'x', batchSize: 2.5 },
    ]) {
      expect(() => filesSource(bad as never), JSON.stringify(bad)).toThrow(ConfigError);
    }
  });

  it('a missing path is SOURCE_NOT_FOUND naming it', async () => {
    const missing = join(tmpdir(), 'trailkit-no-such-dir', 'x.json');
    const error = await readAll(filesSource({ paths: missing })).catch((e: unknown) => e);
    expect(SourceError.isInstance(error) && error.code).toBe('SOURCE_NOT_FOUND');
    expect((error as SourceError).object).toBe(missing);
  });

  it('a position from something else is SOURCE_BAD_POSITION', async () => {
    const error = await readAll(
      filesSource({ paths: SAMPLES + 'AWSLogs' }),
      ctx({ from: 'AWSLogs/key' }),
    ).catch((e: unknown) => e);
    expect(SourceError.isInstance(error) && error.code).toBe('SOURCE_BAD_POSITION');
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const source = filesSource({ paths: SAMPLES + 'AWSLogs', batchSize: 10 });
    const got: SourceBatch[] = [];
    for await (const batch of source.read(ctx({ signal: controller.signal }))) {
      got.push(batch);
      if (got.length === 3) controller.abort();
    }
    expect(got.length).toBe(3);
  });
});

describe('bad input through the pipeline (files source + parser)', () => {
  let dir: string;
  let good: string;
  const names = {
    good: '1-good.json.gz',
    truncGzip: '2-truncated.json.gz',
    truncJson: '3-truncated.json',
    notObject: '4-not-an-object.json',
    junk: '5-junk.json',
    after: '6-after.jsonl',
  };
  // the fields every CloudTrail event has (the parser rejects records without them)
  const fields = { eventVersion: '1.08', eventTime: '2023-07-10T12:00:00Z' };
  const afterEvents = [
    { ...fields, eventID: 'after-1', eventName: 'A' },
    { ...fields, eventID: 'after-2', eventName: 'B' },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailkit-bad-'));
    good = sampleFiles[1] as string;
    const gz = await readFile(good);
    await writeFile(join(dir, names.good), gz);
    await writeFile(join(dir, names.truncGzip), gz.subarray(0, Math.floor(gz.length / 2)));
    const text = gunzipSync(gz).toString('utf8');
    await writeFile(join(dir, names.truncJson), text.slice(0, Math.floor(text.length * 0.6)));
    await writeFile(
      join(dir, names.notObject),
      JSON.stringify({ Records: [{ ...fields, eventID: 'ok-1' }, 42, { ...fields, eventID: 'ok-2' }] }),
    );
    await writeFile(join(dir, names.junk), 'this is not JSON\n');
    await writeFile(join(dir, names.after), afterEvents.map((e) => JSON.stringify(e)).join('\n'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("onInvalid 'skip': every bad file is counted by code, good records all delivered", async () => {
    const sink = collectSink<TrailEvent>();
    const summary = await pipeline()
      .from(filesSource({ paths: dir }))
      .to(sink)
      .run({ onInvalid: 'skip' });
    const goodCount = sampleEvents.filter((s) => s.file === good).length;
    // The junk file reports each bad token it skips, hence "at least one".
    const junk = summary.invalidByCode.PARSE_INVALID_JSON ?? 0;
    expect(junk).toBeGreaterThanOrEqual(1);
    expect(summary.invalidByCode).toEqual({
      PARSE_TRUNCATED_GZIP: 1,
      PARSE_TRUNCATED_JSON: 1,
      PARSE_NOT_AN_OBJECT: 1,
      PARSE_INVALID_JSON: junk,
    });
    expect(summary.events.invalid).toBe(3 + junk);
    expect(summary.objects).toBe(6);
    const byFile = (n: string) => sink.items.filter((e) => getOrigin(e)?.object === join(dir, n));
    expect(byFile(names.good).length).toBe(goodCount);
    // Records before the truncation are delivered, never more than the file had.
    expect(byFile(names.truncGzip).length).toBeLessThan(goodCount);
    expect(byFile(names.truncJson).length).toBeGreaterThan(0);
    expect(byFile(names.truncJson).length).toBeLessThan(goodCount);
    expect(byFile(names.notObject).map((e) => e.eventID)).toEqual(['ok-1', 'ok-2']);
    expect(byFile(names.after)).toEqual(afterEvents);
  });

  it("onInvalid 'fail': rejects with a ParseError naming the file; finished files are checkpointed", async () => {
    const { memoryCheckpoint } = await import('../../src/checkpoint/memory-checkpoint');
    const store = memoryCheckpoint();
    const sink = collectSink<TrailEvent>();
    const error = await pipeline()
      .from(filesSource({ paths: dir, concurrency: 3 }))
      .to(sink)
      .run({ onInvalid: 'fail', checkpoint: store, concurrency: 1, batchSize: 10 })
      .catch((e: unknown) => e);
    expect(ParseError.isInstance(error)).toBe(true);
    const e = error as ParseError;
    expect(e.code).toBe('PARSE_TRUNCATED_GZIP');
    expect(e.input).toBe(join(dir, names.truncGzip));
    expect(e.message).toContain(names.truncGzip);
    const saved = store.snapshot().files as { after?: string };
    expect(saved.after).toEqual(join(dir, names.good));
    expect(sink.items.some((ev) => getOrigin(ev)?.object === join(dir, names.after))).toBe(false);
  });
});

describe('filesSource with many files open at once', () => {
  it('reads at concurrency 16 without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const events: TrailEvent[] = [];
      const source = filesSource({ paths: [DAY], concurrency: 16 });
      for await (const batch of source.read(ctx())) events.push(...batch.events);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(events).toHaveLength(sampleEvents.length);
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
