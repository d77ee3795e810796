/**
 * The parsers compared by the benchmark. Each reads a gzip corpus file and returns the number of events;
 * run one per child process (see `child.ts`) so that peak RSS is per candidate. Each candidate loads only
 * what it uses (the libraries are imported when their candidate runs).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createGunzip, gunzipSync } from 'node:zlib';
import { jsonParseFloor, prototype } from './ceilings';
import type { Shape } from './corpus';

const require = createRequire(import.meta.url);

export type Candidate =
  | 'idle'
  | 'naive'
  | 'stream-json'
  | 'streamparser-json'
  | 'trailkit'
  | 'trailkit-batch500'
  | 'prototype'
  | 'json-parse-floor';
export const CANDIDATES: Candidate[] = [
  'naive',
  'stream-json',
  'streamparser-json',
  'trailkit',
  'trailkit-batch500',
  'prototype',
  'json-parse-floor',
];

const lines = (shape: Shape): boolean => shape === 'ndjson' || shape === 'lookup-ndjson';

/** The record of a parsed line (`LookupEvents` results: its `CloudTrailEvent` string, parsed). */
function lineRecord(shape: Shape, value: unknown): unknown {
  return shape === 'lookup-ndjson'
    ? JSON.parse((value as { CloudTrailEvent: string }).CloudTrailEvent)
    : value;
}

/** `JSON.parse` of the whole decompressed file (NDJSON: of each line, and of its `CloudTrailEvent`). */
function naive(path: string, shape: Shape): number {
  const text = gunzipSync(readFileSync(path)).toString('utf8');
  if (lines(shape)) {
    let n = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      lineRecord(shape, JSON.parse(line));
      n++;
    }
    return n;
  }
  return (JSON.parse(text) as { Records: unknown[] }).Records.length;
}

/** stream-json v1: Pick `Records` + StreamArray (NDJSON: jsonl/Parser). */
function streamJson(path: string, shape: Shape): Promise<number> {
  const { parser } = require('stream-json');
  const { pick } = require('stream-json/filters/Pick');
  const { streamArray } = require('stream-json/streamers/StreamArray');
  const jsonl = require('stream-json/jsonl/Parser');
  return new Promise((resolve, reject) => {
    let n = 0;
    const input = createReadStream(path).pipe(createGunzip());
    const output = lines(shape)
      ? input.pipe(jsonl.parser())
      : input
          .pipe(parser())
          .pipe(pick({ filter: 'Records' }))
          .pipe(streamArray());
    output.on('data', (data: { value: unknown }) => {
      if (shape === 'lookup-ndjson') lineRecord(shape, data.value);
      n++;
    });
    output.on('end', () => resolve(n));
    output.on('error', reject);
    input.on('error', reject);
  });
}

/** @streamparser/json: paths `$.Records.*` (NDJSON: separator `\n`). */
async function streamparserJson(path: string, shape: Shape): Promise<number> {
  const { JSONParser } = await import('@streamparser/json');
  let n = 0;
  const parser = lines(shape)
    ? new JSONParser({ separator: '\n', paths: ['$'], keepStack: false })
    : new JSONParser({ paths: ['$.Records.*'], keepStack: false });
  parser.onValue = ({ value }) => {
    if (shape === 'lookup-ndjson') lineRecord(shape, value);
    n++;
  };
  for await (const chunk of createReadStream(path).pipe(createGunzip())) parser.write(chunk as Buffer);
  return n;
}

/**
 * trailkit's streaming `parse()` (origins attached, batches of 50 by default; `trailkit-batch500` shows the
 * old default). With larger batches more parsed events are alive at each young-generation GC, so V8 copies
 * more and grows its young generation more (higher RSS).
 */
async function trailkit(path: string, batchSize?: number): Promise<number> {
  const { parse } = await import('../src/parser/parse');
  let n = 0;
  for await (const batch of parse(createReadStream(path), { name: path, batchSize })) n += batch.length;
  return n;
}

/**
 * Runs one candidate; returns its event count, or the count and its own time when the candidate times only
 * part of its work (`json-parse-floor`).
 */
export async function runCandidate(
  candidate: Candidate,
  path: string,
  shape: Shape,
): Promise<number | { events: number; ms: number }> {
  switch (candidate) {
    case 'idle':
      return 0;
    case 'naive':
      return naive(path, shape);
    case 'stream-json':
      return streamJson(path, shape);
    case 'streamparser-json':
      return streamparserJson(path, shape);
    case 'trailkit':
      return trailkit(path);
    case 'trailkit-batch500':
      return trailkit(path, 500);
    case 'prototype':
      return prototype(path, shape);
    case 'json-parse-floor':
      return jsonParseFloor(path, shape);
  }
}
