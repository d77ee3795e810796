import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunked, REAL } from '../../test/parser-helpers';
import * as helpers from '../../test/parser-helpers';
import { ConfigError, ParseError } from '../errors';
import { getOrigin } from '../event/origin';
import { parse } from './parse';

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
const collectUntilError = (
  input: Parameters<typeof helpers.collectUntilError>[0],
  options?: Parameters<typeof helpers.collectUntilError>[1],
) => helpers.collectUntilError(input, { ...FRAMING, ...options });

const enc = (text: string): Buffer => Buffer.from(text, 'utf8');
const PARSER_FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'parser');
const INVICTUS = join(
  REAL,
  'invictus-aws-dataset',
  '218007301253_CloudTrail_us-east-1_20230710T1200Z_x9kHmzMa7cx6l9wM.json',
);

/** Every way of cutting `bytes` in two, plus 1-byte chunks. */
async function eachSplit(bytes: Buffer, check: (events: unknown[]) => void): Promise<void> {
  for (let cut = 0; cut <= bytes.length; cut++) {
    async function* two(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    }
    const { events } = await collect(two());
    check(events);
  }
  check((await collect(chunked(bytes, () => 1))).events);
}

describe('parse(): shapes', () => {
  it('finds Records wherever it is among the keys, ignoring nested "Records"', async () => {
    const text = `{"a":{"Records":[{"x":1}]},"b":["Records"], "Records" : [ {"n":1} , {"n":2} ] ,"c":{"Records":[3]}}`;
    const { events } = await collect(enc(text));
    expect(events).toEqual([{ n: 1 }, { n: 2 }]);
    // a value "Records" is not the key; escapes and a key split across chunks
    const tricky = enc(
      String.raw`{"x":"Records","y\\":"Events","z":{"logEvents":[]},"Records":[{"n":"\\\""}]}` +
        '\n{"Events":1}',
    );
    await eachSplit(tricky.subarray(0, tricky.indexOf('\n')), (found) =>
      expect(found).toEqual([{ n: '\\"' }]),
    );
    expect((await collectSkipping(tricky)).errors.map((e) => e.code)).toEqual(['PARSE_UNKNOWN_SHAPE']);
  });

  it('reads a JSON array, NDJSON (with blank and CRLF lines) and a single event', async () => {
    expect((await collect(enc(' [ {"n":1},\n{"n":2} ] '))).events).toEqual([{ n: 1 }, { n: 2 }]);
    expect((await collect(enc('{"n":1}\r\n\r\n{"n":2}\n{"n":3}'))).events).toEqual([
      { n: 1 },
      { n: 2 },
      { n: 3 },
    ]);
    expect((await collect(enc('{"eventName":"GetObject"}'))).events).toEqual([{ eventName: 'GetObject' }]);
    expect((await collect(enc('[]'))).events).toEqual([]);
    expect((await collect(enc('{"Records":[]}'))).events).toEqual([]);
  });

  it('reads whole lines the same way as scanned objects (NDJSON fast path)', async () => {
    const lines = [
      '{"n":0} {"n":1}',
      '{"Records":[{"n":2},{"n":3}],"x":1}',
      '{"messageType":"CONTROL_MESSAGE","logEvents":[{"message":"CWL CONTROL MESSAGE: x"}]}',
      '{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"{\\"n\\":4}"}]}',
      '{"Events":[{"CloudTrailEvent":"{\\"n\\":5}"}]}',
      '{"Records":[{"n":6},7]}',
      '{"n":8}',
    ];
    const text = `${lines.join('\n')}\n`;
    for (const input of [enc(text), chunked(enc(text), () => 5)]) {
      const { events, errors } = await collectSkipping(input);
      expect(events).toEqual([0, 1, 2, 3, 4, 5, 6, 8].map((n) => ({ n })));
      expect(events.map((e) => getOrigin(e)?.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 8]);
      expect(errors.map((e) => [e.code, e.recordIndex])).toEqual([['PARSE_NOT_AN_OBJECT', 7]]);
    }
  });

  it('unwraps LookupEvents results as lines, as an array and as {"Events":[...]}', async () => {
    const result = (n: number) => ({
      EventId: `id${n}`,
      CloudTrailEvent: JSON.stringify({ eventName: `E${n}` }),
    });
    const expected = [{ eventName: 'E1' }, { eventName: 'E2' }];
    const lines = `${JSON.stringify(result(1))}\n${JSON.stringify(result(2))}\n`;
    expect((await collect(enc(lines))).events).toEqual(expected);
    expect((await collect(enc(JSON.stringify([result(1), result(2)])))).events).toEqual(expected);
    const page = JSON.stringify({ Events: [result(1), result(2)], NextToken: 'abc' });
    expect((await collect(enc(page))).events).toEqual(expected);
    // an event that happens to have "code" and "detail" keys is still an event
    const odd = JSON.stringify({ CloudTrailEvent: JSON.stringify({ code: 'x', detail: 'y' }) });
    expect((await collect(enc(odd))).events).toEqual([{ code: 'x', detail: 'y' }]);
  });

  it('reads CloudWatch Logs subscription payloads (gzip), and a CONTROL_MESSAGE yields nothing', async () => {
    const data = readFileSync(join(REAL, 'otel-collector-contrib', 'cloudtrail_log_cw.json'));
    const payload = JSON.parse(data.toString('utf8'));
    const { events } = await collect(gzipSync(data), { name: 'cwl' });
    expect(events).toEqual([JSON.parse(payload.logEvents[0].message)]);
    const control = readFileSync(join(PARSER_FIXTURES, 'cwl-control-message.json'));
    expect((await collect(gzipSync(control))).events).toEqual([]);
    // key order does not matter for a control message
    const reordered = JSON.parse(control.toString('utf8'));
    const late = { logEvents: reordered.logEvents, messageType: reordered.messageType };
    expect(await collectSkipping(enc(JSON.stringify(late)))).toEqual({ events: [], errors: [] });
    // Firehose concatenates payloads
    const both = Buffer.concat([gzipSync(control), gzipSync(data), gzipSync(data)]);
    expect((await collect(both)).events).toHaveLength(2);
  });

  it('recognises a digest file and yields no events from it', async () => {
    const digest = readFileSync(join(PARSER_FIXTURES, 'digest.json'));
    expect((await collect(gzipSync(digest))).events).toEqual([]);
    expect((await collect(digest)).batches).toEqual([]);
  });

  it('skips a UTF-8 byte order mark, even split across chunks', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc('{"Records":[{"n":1}]}')]);
    await eachSplit(bytes, (events) => expect(events).toEqual([{ n: 1 }]));
  });

  it('handles escapes and multi-byte UTF-8 split at every byte', async () => {
    const record = {
      quote: 'a"b\\"c',
      slash: 'end\\',
      slashes: '\\\\\\',
      brace: '}{][,:',
      unicode: 'é日本🙂\u0000\u2028',
      escaped: '\u00e9',
    };
    const text = `{"Records":[${JSON.stringify(record)},{"next":"\\\\"},{"s":"\\"}"}]}`;
    const bytes = enc(text.replace('"escaped":"é"', '"escaped":"\\u00e9"'));
    const expected = JSON.parse(bytes.toString('utf8')).Records;
    expect(expected).toHaveLength(3);
    await eachSplit(bytes, (events) => expect(events).toEqual(expected));
  });

  it('accepts every input type', async () => {
    const bytes = enc('{"Records":[{"n":1},{"n":2}]}');
    const expected = [{ n: 1 }, { n: 2 }];
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(bytes.subarray(0, 5)));
        controller.enqueue(new Uint8Array(bytes.subarray(5)));
        controller.close();
      },
    });
    expect((await collect(web)).events).toEqual(expected);
    expect((await collect(Readable.from([bytes.subarray(0, 9), bytes.subarray(9)]))).events).toEqual(
      expected,
    );
    expect((await collect(new Uint8Array(bytes))).events).toEqual(expected);
    expect((await collect(chunked(gzipSync(bytes), () => 1))).events).toEqual(expected);
  });

  it('attaches origins with the record index within the input', async () => {
    const { events } = await collect(enc('[{"n":0},{"n":1},{"n":2}]'), { name: 's3://b/k', source: 's3' });
    expect(events.map(getOrigin)).toEqual(
      [0, 1, 2].map((index) => ({ source: 's3', object: 's3://b/k', index })),
    );
    expect(Object.keys(events[0]!)).toEqual(['n']);
  });
});

describe('parse(): bad input', () => {
  it('reports empty input (also whitespace or only a BOM)', async () => {
    for (const bytes of [
      Buffer.alloc(0),
      enc(' \n\t '),
      Buffer.from([0xef, 0xbb, 0xbf]),
      gzipSync(Buffer.alloc(0)),
    ]) {
      const { error } = await collectUntilError(bytes, { name: 'empty.json' });
      expect(error?.code).toBe('PARSE_EMPTY_INPUT');
      expect(error?.input).toBe('empty.json');
      expect(ParseError.isInstance(error)).toBe(true);
    }
  });

  it('yields the records before truncated JSON, then PARSE_TRUNCATED_JSON with offset and index', async () => {
    const text = '{"Records":[{"n":0},{"n":1},{"n":2,"x":"abc';
    const { events, error } = await collectUntilError(enc(text), { name: 'cut.json' });
    expect(events).toEqual([{ n: 0 }, { n: 1 }]);
    expect(error?.code).toBe('PARSE_TRUNCATED_JSON');
    expect(error?.offset).toBe(text.length);
    expect(error?.recordIndex).toBe(2);
    expect(error?.message).toContain('cut.json');
    // truncated between records too
    const between = await collectUntilError(enc('{"Records":[{"n":0},'));
    expect(between.error?.code).toBe('PARSE_TRUNCATED_JSON');
    expect(between.events).toHaveLength(1);
  });

  it('with onInvalid, a truncated input ends there (no hang, no more errors)', async () => {
    const { events, errors } = await collectSkipping(enc('[{"n":0},{"n":1'));
    expect(events).toEqual([{ n: 0 }]);
    expect(errors.map((e) => e.code)).toEqual(['PARSE_TRUNCATED_JSON']);
  });

  it('reports a truncated gzip after yielding what it held', async () => {
    const bytes = readFileSync(INVICTUS);
    const all = JSON.parse(bytes.toString('utf8')).Records as unknown[];
    const gz = gzipSync(bytes);
    const { events, error } = await collectUntilError(gz.subarray(0, Math.floor(gz.length * 0.6)), {
      name: 'f.gz',
    });
    expect(error?.code).toBe('PARSE_TRUNCATED_GZIP');
    expect(error?.input).toBe('f.gz');
    expect(events.length).toBeGreaterThan(10);
    expect(events).toEqual(all.slice(0, events.length));
    expect(error?.recordIndex).toBe(events.length);
    expect(error?.offset).toBeGreaterThan(0);
  });

  it('reports corrupt gzip as PARSE_BAD_GZIP (a ParseError, not a crash)', async () => {
    const bad = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01]);
    const { error } = await collectUntilError(bad);
    expect(error?.code).toBe('PARSE_BAD_GZIP');
    const gz = gzipSync(readFileSync(INVICTUS));
    const corrupt = Buffer.from(gz);
    for (let k = 2000; k < 2100; k++) corrupt[k] = 0x55;
    // corrupt deflate data may first decode to broken JSON; zlib notices at the latest at the CRC check
    const mid = await collectUntilError(Readable.from([corrupt]));
    expect(['PARSE_BAD_GZIP', 'PARSE_INVALID_JSON']).toContain(mid.error?.code);
    const skipping = await collectSkipping(corrupt);
    expect(skipping.errors.at(-1)?.code).toBe('PARSE_BAD_GZIP');
  });

  it('reports a record that is not an object, and skips it with onInvalid', async () => {
    const text = '[{"n":0}, 42, "s", null, [1], {"n":5}]';
    const first = await collectUntilError(enc(text));
    expect(first.events).toEqual([{ n: 0 }]);
    expect(first.error?.code).toBe('PARSE_NOT_AN_OBJECT');
    expect(first.error?.recordIndex).toBe(1);
    expect(first.error?.offset).toBe(text.indexOf('42'));
    const { events, errors } = await collectSkipping(enc(text));
    expect(events).toEqual([{ n: 0 }, { n: 5 }]);
    expect(events.map((e) => getOrigin(e)?.index)).toEqual([0, 5]);
    expect(errors.map((e) => [e.code, e.recordIndex])).toEqual([
      ['PARSE_NOT_AN_OBJECT', 1],
      ['PARSE_NOT_AN_OBJECT', 2],
      ['PARSE_NOT_AN_OBJECT', 3],
      ['PARSE_NOT_AN_OBJECT', 4],
    ]);
  });

  it('names the byte offset of a bad record inside a one-line {"Records":[...]} file (as S3 delivers them)', async () => {
    for (const text of ['{"Records":[{"n":0}, 42, {"n":2}]}\n', '{"Records":[{"n":0},42,{"n":2}]}']) {
      const { events, errors } = await collectSkipping(enc(text));
      expect(events).toEqual([{ n: 0 }, { n: 2 }]);
      expect(errors.map((e) => [e.code, e.recordIndex, e.offset])).toEqual([
        ['PARSE_NOT_AN_OBJECT', 1, text.indexOf('42')],
      ]);
    }
  });

  it('reports junk between records and goes on after it', async () => {
    const ndjson = '{"n":0}\nnot json at all\n{"n":1}\n}\n{"n":2}';
    const { events, errors } = await collectSkipping(enc(ndjson));
    expect(events).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.every((e) => e.code === 'PARSE_INVALID_JSON')).toBe(true);
    const inArray = '{"Records":[{"n":0} junk ,{"n":1},,{"n":2}{"n":3}]}';
    const skipped = await collectSkipping(enc(inArray));
    expect(skipped.events).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    expect(skipped.errors.length).toBeGreaterThanOrEqual(3);
    const thrown = await collectUntilError(enc(inArray));
    expect(thrown.events).toEqual([{ n: 0 }]);
    expect(thrown.error?.code).toBe('PARSE_INVALID_JSON');
  });

  it('reports invalid JSON inside a record and goes on with the next one', async () => {
    const text = '[{"n":0},{"n":},{"n":tru},{"n":3}]';
    const { events, errors } = await collectSkipping(enc(text), { name: 'x' });
    expect(events).toEqual([{ n: 0 }, { n: 3 }]);
    expect(errors.map((e) => [e.code, e.recordIndex, e.offset])).toEqual([
      ['PARSE_INVALID_JSON', 1, text.indexOf('{"n":}')],
      ['PARSE_INVALID_JSON', 2, text.indexOf('{"n":tru')],
    ]);
  });

  it('reports a record over maxRecordBytes without holding it, and goes on', async () => {
    const big = JSON.stringify({ blob: 'x'.repeat(10_000) });
    const text = `{"Records":[{"n":0},${big},{"n":2}]}`;
    const { events, errors } = await collectSkipping(
      chunked(enc(text), () => 100),
      { maxRecordBytes: 1000 },
    );
    expect(events).toEqual([{ n: 0 }, { n: 2 }]);
    expect(errors.map((e) => [e.code, e.recordIndex, e.offset])).toEqual([
      ['PARSE_RECORD_TOO_LARGE', 1, text.indexOf(big)],
    ]);
    const single = await collectUntilError(enc(big), { maxRecordBytes: 1000 });
    expect(single.error?.code).toBe('PARSE_RECORD_TOO_LARGE');
  });

  it('reports LookupEvents results and log events whose inner JSON is bad', async () => {
    const lines = '{"CloudTrailEvent":"{\\"a\\":"}\n{"CloudTrailEvent":"[1]"}\n{"CloudTrailEvent":"{}"}';
    const { events, errors } = await collectSkipping(enc(lines));
    expect(events).toEqual([{}]);
    expect(errors.map((e) => e.code)).toEqual(['PARSE_INVALID_JSON', 'PARSE_NOT_AN_OBJECT']);
    const cwl = '{"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","message":"oops"},{"id":"2"}]}';
    const bad = await collectSkipping(enc(cwl));
    expect(bad.errors.map((e) => e.code)).toEqual(['PARSE_INVALID_JSON', 'PARSE_UNKNOWN_SHAPE']);
  });

  it('reports a top-level object with a Records key that is not an array', async () => {
    const { error } = await collectUntilError(enc('{"Records":{"n":1}}'));
    expect(error?.code).toBe('PARSE_UNKNOWN_SHAPE');
  });

  it('stops with the error onInvalid throws', async () => {
    const stop = new Error('stop');
    await expect(
      collect(enc('[{"n":0},1,{"n":2}]'), {
        onInvalid: () => {
          throw stop;
        },
      }),
    ).rejects.toBe(stop);
  });

  it('turns an input stream failure into PARSE_INPUT_ERROR, even with onInvalid', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield enc('[{"n":0},');
      throw new Error('connection reset');
    }
    const errors: ParseError[] = [];
    const events: unknown[] = [];
    const run = async () => {
      for await (const batch of parse(failing(), {
        ...FRAMING,
        name: 'net',
        onInvalid: (e) => errors.push(e),
      }))
        events.push(...batch);
    };
    const error = await run().catch((e: unknown) => e);
    expect(ParseError.isInstance(error) && error.code).toBe('PARSE_INPUT_ERROR');
    expect((error as ParseError).message).toContain('connection reset');
    expect(events).toEqual([{ n: 0 }]);
    expect(errors).toEqual([]);
    const gz = gzipSync(enc('[{"n":0},{"n":1}]'));
    async function* failingGzip(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 10);
      throw new Error('boom');
    }
    expect(((await collectUntilError(failingGzip())).error as ParseError).code).toBe('PARSE_INPUT_ERROR');
  });

  it('does not wait for a stalled input when the consumer stops early', async () => {
    const gz = gzipSync(readFileSync(INVICTUS));
    let release!: () => void;
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, 4000);
      await stalled;
      yield gz.subarray(4000);
    }
    let seen = 0;
    for await (const batch of parse(slow(), { ...FRAMING, batchSize: 1 })) {
      seen += batch.length;
      break;
    }
    expect(seen).toBe(1);
    release();
  });

  it('rejects invalid options with ConfigError', async () => {
    for (const options of [{ batchSize: 0 }, { batchSize: 1.5 }, { maxRecordBytes: -1 }]) {
      const error = await collect(enc('{}'), options).catch((e: unknown) => e);
      expect(ConfigError.isInstance(error)).toBe(true);
    }
    const error = await collect(42 as unknown as Uint8Array).catch((e: unknown) => e);
    expect(ParseError.isInstance(error) && error.code).toBe('PARSE_INPUT_ERROR');
  });
});
