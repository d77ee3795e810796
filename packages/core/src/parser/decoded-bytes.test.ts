import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { chunked, REAL } from '../../test/parser-helpers';
import { decodedBytes, WHOLE_GZIP_MAX } from './decoded-bytes';
import { parse } from './parse';

const FILE = join(
  REAL,
  'invictus-aws-dataset',
  '218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json',
);

async function bytesOf(
  input: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<{ text: string; chunks: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of decodedBytes(input)) parts.push(chunk);
  return { text: Buffer.concat(parts).toString('utf8'), chunks: parts.length };
}

async function ids(input: Uint8Array | AsyncIterable<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of parse(input, { batchSize: 7 }))
    for (const e of batch) out.push(String(e.eventID));
  return out;
}

describe('decodedBytes: small gzip input decompressed whole', () => {
  const json = readFileSync(FILE);
  const gz = gzipSync(json);

  it('gives the same bytes whole (one call) as streamed, in one piece for a small file', async () => {
    expect(gz.length).toBeLessThan(WHOLE_GZIP_MAX);
    const whole = await bytesOf(gz);
    const streamed = await bytesOf(chunked(gz, () => 100));
    expect(whole.text).toBe(json.toString('utf8'));
    expect(streamed.text).toBe(whole.text);
    expect(whole.chunks).toBe(1);
  });

  it('decompresses concatenated gzip members whole', async () => {
    const two = Buffer.concat([gzipSync('{"a":'), gzipSync('1}')]);
    expect((await bytesOf(two)).text).toBe('{"a":1}');
  });

  it('parses the same events whole as streamed', async () => {
    const whole = await ids(gz);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole).toEqual(await ids(chunked(gz, () => 999)));
  });

  it('falls back to streaming on a truncated input: the events before the cut, then the error', async () => {
    const cut = gz.subarray(0, Math.floor(gz.length * 0.8));
    const seen: string[] = [];
    let code: string | undefined;
    try {
      for await (const batch of parse(cut, { batchSize: 1 }))
        for (const e of batch) seen.push(String(e.eventID));
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    expect(code).toBe('PARSE_TRUNCATED_GZIP');
    expect(seen.length).toBeGreaterThan(0);
  });
});
