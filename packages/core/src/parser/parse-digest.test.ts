import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunked, REAL } from '../../test/parser-helpers';
import { ParseError } from '../errors';
import { parseDigest } from './parse-digest';

const DIGEST = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'parser', 'digest.json');

describe('parseDigest()', () => {
  it('returns the digest, plain or gzip, in any chunking', async () => {
    const bytes = readFileSync(DIGEST);
    const expected = JSON.parse(bytes.toString('utf8'));
    expect(await parseDigest(bytes)).toEqual(expected);
    expect(await parseDigest(chunked(gzipSync(bytes), () => 3))).toEqual(expected);
    expect((await parseDigest(bytes))?.logFiles).toHaveLength(2);
  });

  it('returns undefined for a log file, without reading it through', async () => {
    const log = readFileSync(
      join(
        REAL,
        'invictus-aws-dataset',
        '218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
      ),
    );
    let read = 0;
    async function* counting(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < log.length; at += 1000) {
        read += 1000;
        yield log.subarray(at, at + 1000);
      }
    }
    expect(await parseDigest(counting())).toBeUndefined();
    expect(read).toBeLessThan(log.length / 10);
    expect(await parseDigest(Buffer.from('{"eventName":"x"}'))).toBeUndefined();
  });

  it('throws ParseError on bad input', async () => {
    const error = await parseDigest(Buffer.from('{"digestStartTime":'), { name: 'd.json' }).catch(
      (e: unknown) => e,
    );
    expect(ParseError.isInstance(error) && error.code).toBe('PARSE_TRUNCATED_JSON');
    expect((error as ParseError).input).toBe('d.json');
    const empty = await parseDigest(Buffer.alloc(0)).catch((e: unknown) => e);
    expect(ParseError.isInstance(empty) && empty.code).toBe('PARSE_EMPTY_INPUT');
  });
});
