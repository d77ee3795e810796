import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunked, prng } from '../../test/parser-helpers';
import * as helpers from '../../test/parser-helpers';
import { getOrigin } from '../event/origin';
import { DEFAULT_CHECKS } from './check-record';
import { RecordScanner, type ScanItem } from './scanner';

/**
 * These tests are about framing (shapes, chunking, windows, errors), with bare records such as `{"n":1}`:
 * they read without the CloudTrail field check (`requireFields: false`), which has its own tests.
 */
const FRAMING = { requireFields: false } as const;
const collect = (
  input: Parameters<typeof helpers.collect>[0],
  options?: Parameters<typeof helpers.collect>[1],
) => helpers.collect(input, { ...FRAMING, ...options });
const collectSkipping = (
  input: Parameters<typeof helpers.collectSkipping>[0],
  options?: Parameters<typeof helpers.collectSkipping>[1],
) => helpers.collectSkipping(input, { ...FRAMING, ...options });

// Large arrays are parsed many records per JSON.parse call, cut at a guessed record boundary (the window
// fast path in scanner.ts). These inputs are built to make wrong guesses likely: records that end in
// nested arrays of objects (`}, {` inside a record) and strings full of `},{`, `]`, `}` and escapes.

const enc = (text: string): Buffer => Buffer.from(text, 'utf8');

const TRICKY_STRINGS = [
  '},{',
  '"},{"',
  '\\"},{\\"',
  '}]},{"Records":[{',
  '\\',
  '\\\\"}',
  'é日本🙂}, {',
  ']',
  '{"eventVersion":"1.08"}',
];

function tricky(random: () => number, n: number): Record<string, unknown> {
  const pick = () => TRICKY_STRINGS[Math.floor(random() * TRICKY_STRINGS.length)]!;
  const nested = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => ({
    k,
    s: pick(),
    inner: [{ a: pick() }, { b: [{ c: k }, { d: null }] }],
  }));
  const record: Record<string, unknown> = { eventVersion: '1.08', n, note: pick().repeat(1 + (n % 5)) };
  // nested arrays of objects right at the end of most records, so the last `}` before a window end is
  // often inside a record
  if (random() < 0.8) record.resources = nested;
  if (random() < 0.3) record.requestParameters = { policy: JSON.stringify({ Statement: nested }) };
  if (random() < 0.2) record.pad = 'x'.repeat(Math.floor(random() * 5000));
  return record;
}

function records(count: number, seed: number): Record<string, unknown>[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, n) => tricky(random, n));
}

/** The shapes a records list is written in: minified and pretty `{"Records":[...]}` and a JSON array. */
function renderings(list: unknown[]): Array<{ name: string; bytes: Buffer }> {
  return [
    { name: 'minified Records', bytes: enc(`{"Records":${JSON.stringify(list)}}`) },
    { name: 'pretty Records', bytes: enc(JSON.stringify({ x: 1, Records: list, y: [2] }, null, 2)) },
    { name: 'top-level array', bytes: enc(` ${JSON.stringify(list, null, 1)}\n`) },
  ];
}

describe('parse(): large arrays (several records per JSON.parse call)', () => {
  const list = records(1500, 42);

  it('gives exactly JSON.parse output, in order, with origins, however the bytes are chunked', async () => {
    for (const { name, bytes } of renderings(list)) {
      expect(bytes.length, name).toBeGreaterThan(500 * 1024);
      const random = prng(7);
      const inputs: Array<[string, Parameters<typeof collect>[0]]> = [
        ['whole', bytes],
        ['64 KiB + 1', chunked(bytes, () => 64 * 1024 + 1)],
        ['random up to 200 KiB', chunked(bytes, () => Math.floor(random() * 200 * 1024))],
        ['random up to 3 KiB', chunked(bytes, () => Math.floor(random() * 3 * 1024))],
        ['gzip', gzipSync(bytes)],
      ];
      for (const [how, input] of inputs) {
        const { events } = await collect(input, { name });
        expect(events.length, `${name}, ${how}`).toBe(list.length);
        expect(events, `${name}, ${how}`).toEqual(list);
        expect(events.map((e) => getOrigin(e)?.index)).toEqual(list.map((_, k) => k));
        expect(getOrigin(events[1000]!)).toEqual({ source: 'parse', object: name, index: 1000 });
      }
    }
  });

  it('takes most records of these inputs through the window fast path (so the test above covers it)', () => {
    for (const { name, bytes } of renderings(list)) {
      const scanner = new RecordScanner(64 * 1024 * 1024, { ...DEFAULT_CHECKS, ...FRAMING });
      const items: ScanItem[] = [];
      for (let at = 0; at < bytes.length; at += 256 * 1024)
        scanner.push(bytes.subarray(at, at + 256 * 1024), items);
      scanner.end(items);
      const windowed = items.reduce((n, item) => n + (item.kind === 'records' ? item.values.length : 0), 0);
      const single = items.filter((item) => item.kind === 'record').length;
      expect(windowed + single, name).toBe(list.length);
      expect(windowed, name).toBeGreaterThan(list.length * 0.8);
    }
  });

  it('reports bad records deep in a large array at their own offset and index, and goes on', async () => {
    const texts = list.map((r) => JSON.stringify(r));
    texts[700] = '7';
    texts[1100] = '{"n":1100,"broken":}';
    texts[1300] = '{"n":1300,"arr":[1,2,],"s":"},{"}';
    const prefix = '{"Records":[';
    const text = `${prefix}${texts.join(',')}]}`;
    const offsetOf = (k: number) => Buffer.byteLength(prefix + texts.slice(0, k).join(',')) + (k > 0 ? 1 : 0);
    for (const input of [enc(text), chunked(enc(text), () => 100 * 1024 + 3)]) {
      const { events, errors } = await collectSkipping(input);
      expect(errors.map((e) => [e.code, e.recordIndex, e.offset])).toEqual([
        ['PARSE_NOT_AN_OBJECT', 700, offsetOf(700)],
        ['PARSE_INVALID_JSON', 1100, offsetOf(1100)],
        ['PARSE_INVALID_JSON', 1300, offsetOf(1300)],
      ]);
      const good = list.filter((_, k) => k !== 700 && k !== 1100 && k !== 1300);
      expect(events).toEqual(good);
      expect(getOrigin(events[699]!)?.index).toBe(699);
      expect(getOrigin(events[700]!)?.index).toBe(701);
    }
  });

  it('applies maxRecordBytes to every record of a large array', async () => {
    const small = list.map((r) => ({ n: r.n, note: r.note }));
    const big = { n: 'big', pad: 'y'.repeat(3000) };
    const all = [...small.slice(0, 900), big, ...small.slice(900)];
    const { events, errors } = await collectSkipping(enc(JSON.stringify({ Records: all })), {
      maxRecordBytes: 2048,
    });
    expect(errors.map((e) => [e.code, e.recordIndex])).toEqual([['PARSE_RECORD_TOO_LARGE', 900]]);
    expect(events).toEqual(small);
  });

  it('unwraps LookupEvents results in a large array one by one, reporting a bad one', async () => {
    const inner = list.slice(0, 400);
    const results = inner.map((r) => ({ EventId: String(r.n), CloudTrailEvent: JSON.stringify(r) }));
    results[250] = { EventId: 'bad', CloudTrailEvent: '{"n":' };
    const { events, errors } = await collectSkipping(enc(JSON.stringify(results)));
    expect(errors.map((e) => [e.code, e.recordIndex])).toEqual([['PARSE_INVALID_JSON', 250]]);
    expect(events).toEqual(inner.filter((_, k) => k !== 250));
  });

  it('reads NDJSON lines many per JSON.parse call, and other documents among them as usual', async () => {
    const random = prng(3);
    const lines: string[] = [];
    const expected: unknown[] = [];
    for (let k = 0; k < 1500; k++) {
      const r = list[k]!;
      const roll = random();
      if (roll < 0.003) {
        lines.push(JSON.stringify({ Records: [r, { n: 'second' }] }));
        expected.push(r, { n: 'second' });
      } else if (roll < 0.006) {
        lines.push(JSON.stringify({ EventId: 'x', CloudTrailEvent: JSON.stringify(r) }));
        expected.push(r);
      } else if (roll < 0.009) {
        lines.push(JSON.stringify({ digestStartTime: '2024-01-01T00:00:00Z', logFiles: [] }));
      } else if (roll < 0.012) {
        lines.push(JSON.stringify(r, null, 2));
        expected.push(r);
      } else if (roll < 0.015) {
        lines.push(`${JSON.stringify(r)} ${JSON.stringify({ n: 'same line' })}`, '', '  ');
        expected.push(r, { n: 'same line' });
      } else {
        lines.push(JSON.stringify(r) + (roll < 0.2 ? '\r' : ''));
        expected.push(r);
      }
    }
    const bytes = enc(`${lines.join('\n')}\n`);
    for (const input of [bytes, chunked(bytes, () => 70 * 1024 + 5), gzipSync(bytes)]) {
      const { events } = await collect(input);
      expect(events).toEqual(expected);
      expect(events.map((e) => getOrigin(e)?.index)).toEqual(expected.map((_, k) => k));
    }
    const scanner = new RecordScanner(64 * 1024 * 1024, { ...DEFAULT_CHECKS, ...FRAMING });
    const items: ScanItem[] = [];
    scanner.push(bytes, items);
    scanner.end(items);
    const windowed = items.reduce((n, item) => n + (item.kind === 'records' ? item.values.length : 0), 0);
    // one odd line costs its window (~40 lines here) the line-by-line path
    expect(windowed).toBeGreaterThan(expected.length * 0.6);
  });

  it('does not join NDJSON lines into a value: a value split over two lines is an error', async () => {
    const good = list.slice(0, 200).map((r) => JSON.stringify(r));
    // invalid JSON (no comma between the two array elements), but valid if a comma were put at the newline
    const text = [...good.slice(0, 100), '{"a":[{"b":1}', '{"c":2}]}', ...good.slice(100)].join('\n');
    const { events, errors } = await collectSkipping(enc(text));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.code).toBe('PARSE_INVALID_JSON');
    expect(errors[0]!.offset).toBe(Buffer.byteLength(`${good.slice(0, 100).join('\n')}\n`));
    expect(events).toEqual(list.slice(0, 200));
  });

  it('reads records larger than a window, and LookupEvents lines, among window-sized ones', async () => {
    const big = list
      .slice(0, 60)
      .map((r, k) => (k % 3 === 0 ? { ...r, pad: 'z},{"k":1}'.repeat(9000 + k) } : r));
    for (const { name, bytes } of renderings(big)) {
      expect((await collect(chunked(bytes, () => 256 * 1024))).events, name).toEqual(big);
    }
    const lookup = list
      .slice(0, 300)
      .map((r, k) => JSON.stringify({ EventId: String(k), CloudTrailEvent: JSON.stringify(r) }));
    const { events } = await collect(enc(`${lookup.join('\n')}\n`));
    expect(events).toEqual(list.slice(0, 300));
  });
});
