import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunked, collect, collectSkipping } from '../../test/parser-helpers';
import { ConfigError } from '../errors';
import { getOrigin } from '../event/origin';
import { parse } from './parse';
import { parseRecord } from './parse-record';

const enc = (text: string): Buffer => Buffer.from(text, 'utf8');
const ev = (n: number, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventID: `id-${n}`,
  eventTime: '2023-07-10T12:00:00Z',
  ...extra,
});
/** A record whose `deep` field nests `levels` arrays: the record is `levels + 1` deep. */
const deepText = (n: number, levels: number): string =>
  `${JSON.stringify(ev(n)).slice(0, -1)},"deep":${'['.repeat(levels)}${']'.repeat(levels)}}`;

/** The same records in every shape and chunking the parser reads them in. */
function renderings(records: string[]): Array<[string, Uint8Array | AsyncIterable<Uint8Array>]> {
  const array = enc(`{"Records":[${records.join(',')}]}`);
  const lines = enc(`${records.join('\n')}\n`);
  const lookup = enc(`${records.map((r) => JSON.stringify({ CloudTrailEvent: r })).join('\n')}\n`);
  return [
    ['records', array],
    ['records, 7-byte chunks', chunked(array, () => 7)],
    ['records, gzip', gzipSync(array)],
    ['ndjson', lines],
    ['ndjson, 5-byte chunks', chunked(lines, () => 5)],
    ['lookup lines', lookup],
  ];
}

describe('parse(): maxDepth', () => {
  it('rejects a record nested 600 deep with PARSE_TOO_DEEP before any sink sees it, and keeps its neighbours', async () => {
    const records = [JSON.stringify(ev(0)), deepText(1, 600), JSON.stringify(ev(2))];
    for (const [how, input] of renderings(records)) {
      const { events, errors } = await collectSkipping(input, { name: 'in' });
      expect(
        events.map((e) => e.eventID),
        how,
      ).toEqual(['id-0', 'id-2']);
      expect(
        events.map((e) => getOrigin(e)?.index),
        how,
      ).toEqual([0, 2]);
      expect(
        errors.map((e) => [e.code, e.recordIndex]),
        how,
      ).toEqual([['PARSE_TOO_DEEP', 1]]);
      expect(errors[0]!.message, how).toMatch(/maxDepth \(512\)/);
    }
  });

  it('names the deep record byte offset, also among many window-parsed records', async () => {
    const records = Array.from({ length: 2000 }, (_, k) =>
      k === 1500 ? deepText(k, 520) : JSON.stringify(ev(k)),
    );
    const text = `[${records.join(',')}]`;
    const { events, errors } = await collectSkipping(enc(text));
    expect(events.length).toBe(1999);
    expect(errors.map((e) => [e.code, e.offset, e.recordIndex])).toEqual([
      ['PARSE_TOO_DEEP', text.indexOf(records[1500]!), 1500],
    ]);
  });

  it('counts the record itself as level 1, the same on every path; maxDepth is configurable', async () => {
    // deepText(n, k) is k + 1 deep
    const records = [deepText(0, 9), deepText(1, 10), deepText(2, 11)];
    for (const [how, input] of renderings(records)) {
      const { events, errors } = await collectSkipping(input, { maxDepth: 11 });
      expect(
        events.map((e) => e.eventID),
        how,
      ).toEqual(['id-0', 'id-1']);
      expect(
        errors.map((e) => e.code),
        how,
      ).toEqual(['PARSE_TOO_DEEP']);
    }
    expect(() => parseRecord(deepText(0, 11), {}, { maxDepth: 11 })).toThrow(
      expect.objectContaining({ code: 'PARSE_TOO_DEEP' }),
    );
    expect(parseRecord(deepText(0, 10), {}, { maxDepth: 11 }).eventID).toBe('id-0');
  });

  it('a record 5,000 deep is rejected too, and the batch around it still arrives', async () => {
    const text = `${JSON.stringify(ev(0))}\n${deepText(1, 5000)}\n${JSON.stringify(ev(2))}\n`;
    const batches: string[][] = [];
    const errors: string[] = [];
    for await (const batch of parse(enc(text), { onInvalid: (e) => errors.push(e.code) }))
      batches.push(batch.map((e) => e.eventID!));
    expect(batches.flat()).toEqual(['id-0', 'id-2']);
    expect(errors).toEqual(['PARSE_TOO_DEEP']);
    for (const batch of batches) expect(() => JSON.stringify(batch)).not.toThrow();
  });
});

describe('parse(): maxKeys', () => {
  it('rejects a record with more members and elements than maxKeys (PARSE_TOO_MANY_KEYS) on every path', async () => {
    // ev() has 3 members; "list" adds 1 member + its elements
    const withList = (n: number, elements: number) =>
      `${JSON.stringify(ev(n)).slice(0, -1)},"list":[${Array(elements).fill(0).join(',')}]}`;
    const records = [withList(0, 46), withList(1, 47), JSON.stringify(ev(2))];
    for (const [how, input] of renderings(records)) {
      const { events, errors } = await collectSkipping(input, { maxKeys: 50 });
      expect(
        events.map((e) => e.eventID),
        how,
      ).toEqual(['id-0', 'id-2']);
      expect(
        errors.map((e) => [e.code, e.recordIndex]),
        how,
      ).toEqual([['PARSE_TOO_MANY_KEYS', 1]]);
    }
  });

  it('checks a large record before parsing it (its bytes are not kept)', async () => {
    // 300,000 elements: over the default of 100,000
    const big = `${JSON.stringify(ev(1)).slice(0, -1)},"list":[${Array(300_000).fill(1).join(',')}]}`;
    const text = `[${JSON.stringify(ev(0))},${big},${JSON.stringify(ev(2))}]`;
    const { events, errors } = await collectSkipping(enc(text));
    expect(events.map((e) => e.eventID)).toEqual(['id-0', 'id-2']);
    expect(errors.map((e) => [e.code, e.offset])).toEqual([['PARSE_TOO_MANY_KEYS', text.indexOf(big)]]);
    const lookup = `${JSON.stringify({ CloudTrailEvent: big })}\n${JSON.stringify({ CloudTrailEvent: JSON.stringify(ev(3)) })}\n`;
    const inner = await collectSkipping(enc(lookup));
    expect(inner.events.map((e) => e.eventID)).toEqual(['id-3']);
    expect(inner.errors.map((e) => e.code)).toEqual(['PARSE_TOO_MANY_KEYS']);
  });
});

describe('parse(): maxBatchBytes', () => {
  it('hands a batch over once its records reach maxBatchBytes, whatever batchSize says', async () => {
    const pad = 'x'.repeat(1000);
    const records = Array.from({ length: 40 }, (_, k) => JSON.stringify(ev(k, { pad })));
    for (const [how, input] of renderings(records)) {
      const { events, batches } = await collect(input, { batchSize: 1000, maxBatchBytes: 10_000 });
      expect(events.length, how).toBe(40);
      expect(Math.max(...batches), how).toBeLessThanOrEqual(12);
      expect(batches.length, how).toBeGreaterThanOrEqual(4);
    }
  });

  it('rejects invalid limits with ConfigError', async () => {
    for (const bad of [{ maxDepth: 0 }, { maxDepth: 5000 }, { maxKeys: 1.5 }, { maxBatchBytes: -1 }]) {
      await expect(collect(enc('[]'), bad)).rejects.toThrow(ConfigError);
    }
    await expect(collect(enc('[]'), { requireFields: 'yes' as unknown as boolean })).rejects.toThrow(
      ConfigError,
    );
  });
});
