/**
 * A seeded mutation fuzzer over the real fixtures: byte flips, truncations, insertions, duplicated and
 * deleted spans, each on the plain bytes or on gzip (wrapping the mutated bytes, or mutating the gzip
 * stream itself), in random chunkings. Every case must end within a time bound, throw nothing but
 * `ParseError`s with byte offsets, yield events that `JSON.stringify` serialises, and keep the records
 * before the fault (the events of the unmutated prefix come first, in order).
 *
 * `TRAILKIT_FUZZ_ITERATIONS` (default 400, a few seconds) and `TRAILKIT_FUZZ_SEED` (default 12) make
 * longer or other runs: `TRAILKIT_FUZZ_ITERATIONS=20000 npx vitest run test/parser-fuzz.test.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../src/errors';
import type { TrailEvent } from '../src/event/trail-event';
import { parse } from '../src/parser/parse';
import { chunked, prng, REAL, realFiles } from './parser-helpers';

const ITERATIONS = Number(process.env.TRAILKIT_FUZZ_ITERATIONS ?? 400);
const SEED = Number(process.env.TRAILKIT_FUZZ_SEED ?? 12);
/** Per-case bound: a case that takes longer is a hang. */
const CASE_MS = 5000;
/** Bytes that change the structure most often. */
const SPECIAL = [...Buffer.from('{}[]",:\\ \n0-tfn')];

/** Small real inputs in several shapes (plain bytes). */
function bases(): Array<{ name: string; plain: Buffer }> {
  const out: Array<{ name: string; plain: Buffer }> = [];
  for (const { file } of realFiles()) {
    const raw = readFileSync(join(REAL, file));
    const plain = file.endsWith('.gz') ? gunzipSync(raw) : raw;
    if (plain.length <= 48 * 1024) out.push({ name: file, plain });
  }
  const records = JSON.parse(out.find((b) => b.plain.includes('"Records"'))!.plain.toString('utf8'))
    .Records as unknown[];
  const some = records.slice(0, 40);
  out.push({ name: 'ndjson', plain: Buffer.from(`${some.map((r) => JSON.stringify(r)).join('\n')}\n`) });
  out.push({
    name: 'lookup lines',
    plain: Buffer.from(
      `${some.map((r) => JSON.stringify({ CloudTrailEvent: JSON.stringify(r) })).join('\n')}\n`,
    ),
  });
  out.push({ name: 'pretty', plain: Buffer.from(JSON.stringify({ Records: some }, null, 2)) });
  out.push({
    name: 'cloudwatch logs',
    plain: Buffer.from(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        logGroup: 'g',
        logStream: 's',
        logEvents: some
          .slice(0, 10)
          .map((r, k) => ({ id: `${k}`, timestamp: k, message: JSON.stringify(r) })),
      }),
    ),
  });
  return out;
}

interface Mutation {
  bytes: Buffer;
  /** First changed byte of the plain text (the unmutated prefix ends here), or -1 when the gzip bytes were mutated. */
  at: number;
  what: string;
}

function mutate(plain: Buffer, rnd: () => number): Mutation {
  const pick = (n: number) => Math.floor(rnd() * n);
  const at = pick(plain.length);
  const span = 1 + pick(Math.min(256, plain.length - at));
  const byte = () => (rnd() < 0.6 ? SPECIAL[pick(SPECIAL.length)]! : pick(256));
  switch (pick(5)) {
    case 0: {
      const bytes = Buffer.from(plain);
      bytes[at] = bytes[at]! ^ (1 << pick(8));
      return { bytes, at, what: `flip at ${at}` };
    }
    case 1:
      return { bytes: plain.subarray(0, at), at, what: `truncate at ${at}` };
    case 2: {
      const insert = Buffer.from(Array.from({ length: 1 + pick(8) }, byte));
      return {
        bytes: Buffer.concat([plain.subarray(0, at), insert, plain.subarray(at)]),
        at,
        what: `insert at ${at}`,
      };
    }
    case 3: {
      const dup = plain.subarray(at, at + span);
      const to = at + pick(plain.length - at);
      return {
        bytes: Buffer.concat([plain.subarray(0, to), dup, plain.subarray(to)]),
        at: to,
        what: `duplicate ${at}+${span} at ${to}`,
      };
    }
    default:
      return {
        bytes: Buffer.concat([plain.subarray(0, at), plain.subarray(at + span)]),
        at,
        what: `delete ${at}+${span}`,
      };
  }
}

interface Outcome {
  events: TrailEvent[];
  errors: ParseError[];
  thrown: unknown;
}

async function run(input: Buffer, size: number, skip: boolean): Promise<Outcome> {
  const events: TrailEvent[] = [];
  const errors: ParseError[] = [];
  const options = skip ? { name: 'fuzz', onInvalid: (e: ParseError) => errors.push(e) } : { name: 'fuzz' };
  let thrown: unknown;
  const work = (async () => {
    try {
      for await (const batch of parse(
        chunked(input, () => size),
        options,
      ))
        events.push(...batch);
    } catch (error) {
      thrown = error;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((resolve) => {
    timer = setTimeout(() => resolve('hang'), CASE_MS);
  });
  const result = await Promise.race([work.then(() => 'done' as const), hang]);
  clearTimeout(timer);
  if (result === 'hang') throw new Error(`no result within ${CASE_MS} ms`);
  return { events, errors, thrown };
}

function checkTyped(outcome: Outcome, plainLength: number | undefined, where: string): void {
  const all = outcome.thrown === undefined ? outcome.errors : [...outcome.errors, outcome.thrown];
  for (const error of all) {
    expect(ParseError.isInstance(error), `${where}: ${String(error)}`).toBe(true);
    const e = error as ParseError;
    expect(e.input, where).toBe('fuzz');
    expect(Number.isInteger(e.offset) && e.offset >= 0, `${where}: offset ${e.offset}`).toBe(true);
    if (plainLength !== undefined)
      expect(e.offset, `${where}: ${e.message}`).toBeLessThanOrEqual(plainLength);
    expect(Number.isInteger(e.recordIndex) && e.recordIndex >= 0, where).toBe(true);
    expect(e.code, where).toMatch(/^PARSE_/);
  }
  for (const event of outcome.events) {
    expect(typeof event === 'object' && event !== null && !Array.isArray(event), where).toBe(true);
    expect(() => JSON.stringify(event), where).not.toThrow();
  }
}

describe(`parser fuzzer (${ITERATIONS} cases, seed ${SEED})`, () => {
  it('never crashes or hangs; errors are typed with offsets; records before the fault are kept', async () => {
    const inputs = bases();
    const stats = { cases: 0, errors: 0, gzip: 0 };
    for (let k = 0; k < ITERATIONS; k++) {
      const rnd = prng(SEED * 1_000_003 + k);
      const base = inputs[Math.floor(rnd() * inputs.length)]!;
      const m = mutate(base.plain, rnd);
      const mode = rnd();
      // 0-0.6: plain; 0.6-0.85: gzip of the mutated bytes; 0.85-1: the gzip stream of the original, mutated
      const gz = mode >= 0.85 ? mutate(gzipSync(base.plain), rnd) : undefined;
      const input = gz?.bytes ?? (mode >= 0.6 ? gzipSync(m.bytes) : m.bytes);
      const where = `case ${k} (${base.name}, ${gz ? `gzip bytes ${gz.what}` : m.what}${mode >= 0.6 && !gz ? ', gzip' : ''})`;
      if (mode >= 0.6) stats.gzip++;
      const size = 1 + Math.floor(rnd() * 4096);
      const skipping = await run(input, size, true);
      checkTyped(skipping, gz ? undefined : m.bytes.length, where);
      expect(skipping.thrown, where).toBeUndefined();
      const failing = await run(input, size, false);
      checkTyped(failing, gz ? undefined : m.bytes.length, where);
      // without onInvalid, the events up to the first error are the same
      expect(failing.events.length, where).toBeLessThanOrEqual(skipping.events.length);
      if (!gz) {
        // the records wholly before the first changed byte come first, unchanged
        const prefix = await run(base.plain.subarray(0, m.at), size, true);
        const kept = skipping.events.slice(0, prefix.events.length).map((e) => JSON.stringify(e));
        expect(kept, where).toEqual(prefix.events.map((e) => JSON.stringify(e)));
      }
      stats.cases++;
      stats.errors += skipping.errors.length;
    }
    expect(stats.cases).toBe(ITERATIONS);
    // the mutations do reach the error paths
    expect(stats.errors).toBeGreaterThan(ITERATIONS / 4);
  }, 600_000);
});
