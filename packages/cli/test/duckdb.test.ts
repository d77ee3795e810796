import { filesSource, pattern } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { parseLines, run, SAMPLES } from './helpers';

const ISSUE_PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const TREE = `${SAMPLES}/AWSLogs`;

/** The issue's count, the slow way: every event of the tree through filesSource and the pattern. */
async function expectedErrorCount(): Promise<number> {
  const filter = pattern(ISSUE_PATTERN);
  let n = 0;
  const ctx = { signal: new AbortController().signal, log: console, onInvalid: () => {} };
  for await (const batch of filesSource({ paths: [TREE] }).read(ctx)) {
    n += batch.events.filter((e) => filter.test(e)).length;
  }
  return n;
}

describe('trailkit query', () => {
  it('answers SQL over the view in every format', async () => {
    const expected = await expectedErrorCount();
    expect(expected).toBeGreaterThan(0);
    const sql = `SELECT count(*) AS n FROM cloudtrail WHERE (errorcode LIKE '%UnauthorizedOperation') OR (errorcode LIKE 'AccessDenied%')`;
    const json = await run(['query', TREE, sql, '--format', 'json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ n: expected }]);
    const ndjson = await run(['query', TREE, sql, '--format', 'ndjson']);
    expect(parseLines(ndjson.stdout)).toEqual([{ n: expected }]);
    const csv = await run(['query', TREE, `${sql.replace('AS n', 'AS "n,count"')}`, '--format', 'csv']);
    expect(csv.stdout).toBe(`"n,count"\r\n${expected}\r\n`);
    const table = await run([
      'query',
      TREE,
      'SELECT account, region, useridentity.type AS t, count(*) AS n FROM cloudtrail GROUP BY ALL ORDER BY n DESC LIMIT 2',
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^account\s+region\s+t\s+n$/);
    expect(table.stdout).toMatch(/218007301253\s+us-east-1/);
  });

  it('exits 2 on bad SQL', async () => {
    const bad = await run(['query', TREE, 'SELECT nope FROM cloudtrail']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/nope/);
  });
});

describe('trailkit scan duckdb://', () => {
  it('finds what a plain scan finds, with the pattern pushed into SQL', async () => {
    const viaFiles = await run(['scan', TREE, '--pattern', ISSUE_PATTERN, '--format', 'ndjson']);
    const viaDuckDb = await run([
      'scan',
      `duckdb://${TREE}`,
      '--pattern',
      ISSUE_PATTERN,
      '--format',
      'ndjson',
    ]);
    expect(viaDuckDb.code).toBe(viaFiles.code);
    const ids = (text: string) =>
      parseLines(text)
        .map((e) => String(e.eventID))
        .sort();
    expect(ids(viaDuckDb.stdout).length).toBe(await expectedErrorCount());
    expect(ids(viaDuckDb.stdout)).toEqual(ids(viaFiles.stdout));
  });
});
