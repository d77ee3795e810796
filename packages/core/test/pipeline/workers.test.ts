import { describe, expect, it } from 'vitest';
import { memoryCheckpoint } from '../../src/checkpoint/memory-checkpoint';
import type { Position, Sink } from '../../src/contracts';
import { ConfigError, ParseError } from '../../src/errors';
import { getOrigin } from '../../src/event/origin';
import { allOf, not } from '../../src/filters/combinators';
import { pattern } from '../../src/filters/pattern';
import { where } from '../../src/filters/where';
import { pipeline } from '../../src/pipeline/pipeline';
import { getRunSummary } from '../../src/pipeline/run-failure';
import type { RunOptions, RunSummary } from '../../src/pipeline/types';
import { defaultDetectors } from '../../src/rules/default-detectors';
import { loadRules } from '../../src/rules/rule-pack';
import { filesSource } from '../../src/sources/files/files-source';
import type { FilesSourceOptions } from '../../src/sources/files/options';
import { FIXTURES, SAMPLES } from './helpers';

type Detection = Awaited<ReturnType<typeof loadRules>>;

/** Builds the pipeline; `rules` are loaded fresh for every run (detectors keep state between events). */
type Build = (
  p: ReturnType<typeof pipeline>,
  sink: Sink<unknown>,
  rules: Detection,
) => { run(o: RunOptions): Promise<RunSummary> };

interface Outcome {
  items: string[];
  positions: Position[];
  summary: Omit<RunSummary, 'durationMs' | 'workers'> | undefined;
  workers: number | undefined;
  error: Record<string, unknown> | undefined;
  warnings: string[];
}

/** Run a pipeline over files and record everything observable: items (with origins), positions, summary, errors. */
async function outcome(
  source: FilesSourceOptions,
  build: Build,
  options: RunOptions,
  from?: Position,
): Promise<Outcome> {
  const items: string[] = [];
  const sink: Sink<unknown> = {
    name: 'collect',
    write: async (batch) => {
      for (const item of batch) {
        const events =
          (item as { kind?: string }).kind === 'finding'
            ? (item as { events: object[] }).events
            : [item as object];
        items.push(JSON.stringify({ item, origins: events.map((e) => getOrigin(e)) }));
      }
    },
  };
  const checkpoint = memoryCheckpoint(from === undefined ? {} : { files: from });
  const warnings: string[] = [];
  const log = {
    debug: () => {},
    info: () => {},
    warn: (m: string, f?: Record<string, unknown>) => warnings.push(`${m} ${String(f?.error)}`),
    error: () => {},
  };
  let summary: RunSummary | undefined;
  let error: Record<string, unknown> | undefined;
  try {
    const rules = await loadRules('cis,threats');
    summary = await build(pipeline().from(filesSource(source)), sink, rules).run({
      checkpoint,
      log,
      ...options,
    });
  } catch (e) {
    summary = getRunSummary(e);
    const pe = e as ParseError;
    error = {
      code: pe.code,
      message: pe.message,
      input: pe.input,
      offset: pe.offset,
      recordIndex: pe.recordIndex,
      parse: ParseError.isInstance(e),
    };
  }
  const { durationMs: _d, workers, ...rest } = summary ?? ({} as RunSummary);
  return {
    items,
    positions: checkpoint.history.map((h) => h.position),
    summary: summary ? rest : undefined,
    workers,
    error,
    warnings,
  };
}

const REAL = { paths: FIXTURES };

/** Same outcome on one thread and on `n` worker threads (which were used). */
async function expectSame(
  source: FilesSourceOptions,
  build: Build,
  options: RunOptions = {},
  from?: Position,
) {
  const one = await outcome(source, build, { ...options, workers: 1 }, from);
  const many = await outcome(source, build, { ...options, workers: 3 }, from);
  expect(many.error).toEqual(one.error);
  expect(one.workers).toBeUndefined();
  expect(many.workers).toBe(3);
  expect(many.items).toEqual(one.items);
  expect(many.positions).toEqual(one.positions);
  expect(many.summary).toEqual(one.summary);
  expect(many.error).toEqual(one.error);
  expect(many.warnings).toEqual(one.warnings);
  return one;
}

describe('pipeline workers: the same results as one thread', () => {
  it('every event of the real fixtures, with origins, positions and the bad file skipped', async () => {
    const one = await expectSame(REAL, (p, s) => p.to(s), { onInvalid: 'skip', batchSize: 50 });
    expect(one.error).toBeUndefined();
    expect(one.items.length).toBe(2761);
    expect(one.summary?.events.invalid).toBe(1); // counts.json is not CloudTrail
    // mid-file positions (batches of 50) are among the committed ones
    expect(one.positions.some((p) => (p as { partial?: unknown }).partial !== undefined)).toBe(true);
  }, 30_000);

  it('findings of cis + threats and the stateful default detectors, finding for finding', async () => {
    const one = await expectSame(
      REAL,
      (p, s, rules) =>
        p
          .filter(not(pattern('{ $.eventName = "Describe*" }')))
          .detect([rules, defaultDetectors()])
          .to(s),
      { onInvalid: 'skip', batchSize: 100 },
    );
    expect(one.error).toBeUndefined();
    expect(one.items.length).toBeGreaterThan(100);
    const ids = new Set(
      one.items.map((i) => (JSON.parse(i) as { item: { rule: { id: string } } }).item.rule.id),
    );
    expect(ids.has('threats.access-denied-burst')).toBe(true); // a threshold (stateful) detector
  }, 30_000);

  it('where() and allOf() filters, the source selection, a tap before detect()', async () => {
    const one = await expectSame(
      { paths: SAMPLES, since: '2023-07-10T12:00:00Z', until: '2023-07-10T13:00:00Z' },
      (p, s, rules) =>
        p
          .filter(
            allOf(
              where({ readOnly: false }),
              pattern('{ $.userIdentity.type = "IAMUser" || $.errorCode = * }'),
            ),
          )
          .to(s)
          .detect(rules)
          .to(s),
      { batchSize: 30 },
    );
    expect(one.error).toBeUndefined();
    expect(one.items.length).toBeGreaterThan(50);
  }, 30_000);

  it('under onInvalid fail: the same error (file, byte, record) after the same committed positions', async () => {
    const one = await expectSame(REAL, (p, s, rules) => p.detect(rules).to(s), {
      onInvalid: 'fail',
      batchSize: 50,
    });
    expect(one.error?.parse).toBe(true);
    expect(one.error?.code).toBe('PARSE_NOT_CLOUDTRAIL');
    expect(String(one.error?.input)).toMatch(/counts\.json$/);
  }, 30_000);

  it('resumes from a mid-file position as one thread does', async () => {
    const first = await outcome(REAL, (p, s) => p.to(s), { workers: 1, onInvalid: 'skip', batchSize: 50 });
    const from = first.positions.find(
      (p) =>
        (p as { partial?: unknown }).partial !== undefined && (p as { after?: unknown }).after !== undefined,
    );
    expect(from).toBeDefined();
    const one = await expectSame(REAL, (p, s) => p.to(s), { onInvalid: 'skip', batchSize: 50 }, from);
    expect(one.items.length).toBeLessThan(first.items.length);
  }, 30_000);
});

describe('pipeline workers: abort', () => {
  it('an abort after the first commit stops the workers; the resumed run reads the rest, in order', async () => {
    const checkpoint = memoryCheckpoint();
    const controller = new AbortController();
    const seen: string[] = [];
    const key = (e: object) => `${getOrigin(e)?.object}#${getOrigin(e)?.index}`;
    const sink: Sink<unknown> = {
      name: 'collect',
      write: async (items) => {
        for (const e of items) seen.push(key(e as object));
      },
    };
    const first = await pipeline()
      .from(filesSource(REAL))
      .to(sink)
      .run({
        workers: 2,
        onInvalid: 'skip',
        batchSize: 50,
        concurrency: 1,
        checkpoint,
        onProgress: () => controller.abort(),
        signal: controller.signal,
      });
    expect(first.aborted).toBe(true);
    expect(first.workers).toBe(2);
    const firstCount = seen.length;
    expect(firstCount).toBeLessThan(2761);
    const second = await pipeline()
      .from(filesSource(REAL))
      .to(sink)
      .run({ workers: 2, onInvalid: 'skip', batchSize: 50, checkpoint });
    expect(second.aborted).toBe(false);
    const all = (await outcome(REAL, (p, s) => p.to(s), { workers: 1, onInvalid: 'skip' })).items.map((i) => {
      const o = (JSON.parse(i) as { origins: Array<{ object: string; index: number }> }).origins[0]!;
      return `${o.object}#${o.index}`;
    });
    // at least once, in order: the resumed run starts at the committed position
    expect(new Set(seen)).toEqual(new Set(all));
    expect(seen.slice(firstCount)).toEqual(all.slice(all.length - (seen.length - firstCount)));
  }, 30_000);
});

describe('pipeline workers: what cannot be sent to a worker', () => {
  const sink: Sink<unknown> = { name: 'none', write: async () => {} };

  it("a function filter: one thread under 'auto', ConfigError when workers are asked for", async () => {
    const fn = pipeline()
      .from(filesSource(REAL))
      .filter((e) => e.readOnly === false)
      .to(sink);
    await expect(fn.run({ workers: 2, onInvalid: 'skip' })).rejects.toSatisfy(
      (e) => ConfigError.isInstance(e) && /filter\(\) that is a function/.test((e as Error).message),
    );
    const auto = await outcome({ paths: SAMPLES }, (p, s) => p.filter((e) => e.readOnly === false).to(s), {
      workers: 'auto',
    });
    expect(auto.workers).toBeUndefined();
    expect(auto.items.length).toBeGreaterThan(0);
  });

  it('a map() before detect(), dedupe, a source that is not filesSource(): ConfigError with workers: 2', async () => {
    const files = pipeline().from(filesSource(REAL));
    await expect(
      files
        .map((e) => e)
        .to(sink)
        .run({ workers: 2 }),
    ).rejects.toThrow(/map\(\)/);
    await expect(files.to(sink).run({ workers: 2, dedupe: true })).rejects.toThrow(/dedupe/);
    const wrapped = { name: 'wrapped', read: filesSource(REAL).read };
    await expect(pipeline().from(wrapped).to(sink).run({ workers: 2 })).rejects.toThrow(/filesSource/);
  });

  it('rejects a bad workers option', async () => {
    const p = pipeline().from(filesSource(REAL)).to(sink);
    await expect(p.run({ workers: 0 })).rejects.toSatisfy((e) => ConfigError.isInstance(e));
    await expect(p.run({ workers: 'all' as never })).rejects.toThrow(/workers must be 'auto' or an integer/);
  });

  it("'auto' stays on one thread for a small tree", async () => {
    const auto = await outcome({ paths: SAMPLES }, (p, s, rules) => p.detect(rules).to(s), {});
    expect(auto.workers).toBeUndefined();
  });
});
