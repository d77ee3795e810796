import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, getOrigin } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DUCKDB_SOURCE_OPTIONS_SCHEMA,
  DuckDbQueryError,
  buildDuckDbQuery,
  duckdbSource,
  openCloudTrailDatabase,
} from '../src';
import { readAll } from './read-all';

const SAMPLES = fileURLToPath(new URL('../../../samples/AWSLogs', import.meta.url));
const ISSUE_PATTERN = '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const scratch = mkdtempSync(join(tmpdir(), 'trailkit-duckdb-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('duckdbSource', () => {
  it('pushes the issue pattern down whole: no residual, LIKE in SQL, values bound', () => {
    const query = buildDuckDbQuery({ pattern: ISSUE_PATTERN });
    expect(query.residual).toBeUndefined();
    expect(query.sql).toMatch(/errorcode LIKE \? ESCAPE/);
    expect(query.values).toContain('AccessDenied%');
    expect(query.values).toContain('%UnauthorizedOperation');
  });

  it('the view has the Athena columns: structs, JSON text, partitions from the AWSLogs path', async () => {
    const db = await openCloudTrailDatabase([
      join(
        SAMPLES,
        '218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1240Z_C1qUFaqvZS64BcIN.json.gz',
      ),
    ]);
    try {
      const reader = await db.connection.runAndReadAll(
        `SELECT account, region, "timestamp", typeof(useridentity) AS t, useridentity.type AS type,
                typeof(requestparameters) AS rp, count(*) OVER () AS n
         FROM cloudtrail LIMIT 1`,
      );
      const [row] = reader.getRowObjects();
      expect(row?.account).toBe('218007301253');
      expect(row?.region).toBe('us-east-1');
      expect(row?.timestamp).toBe('2023/07/10');
      expect(String(row?.t)).toMatch(/^STRUCT\(/);
      expect(row?.rp).toBe('VARCHAR');
      expect(Number(row?.n)).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('prunes files by the AWSLogs layout and attaches file and index as origin', async () => {
    const events = await readAll(duckdbSource({ paths: [SAMPLES], regions: ['no-such-1'] }));
    expect(events).toEqual([]);
    const all = await readAll(duckdbSource({ paths: [SAMPLES], limit: 3 }));
    expect(all).toHaveLength(3);
    const origin = getOrigin(all[0] as object);
    expect(origin?.source).toBe('duckdb');
    expect(origin?.object).toMatch(/\.json\.gz$/);
    expect(origin?.index).toBeGreaterThanOrEqual(0);
  });

  it('resumes after a position: the rest of the stable order, nothing twice', async () => {
    const source = duckdbSource({ paths: [SAMPLES], pattern: ISSUE_PATTERN, batchSize: 10 });
    const all = await readAll(source);
    expect(all.length).toBeGreaterThan(20);
    const rest = await readAll(source, { rows: 0 + 20 });
    expect(rest.map((e) => e.eventID)).toEqual(all.slice(20).map((e) => e.eventID));
  });

  it('validates options against the schema, and the README table is generated from it', () => {
    expect(() => duckdbSource({} as never)).toThrow(/paths is required/);
    expect(() => duckdbSource({ paths: ['x'], batchSize: 0 })).toThrow(ConfigError);
    expect(() => duckdbSource({ paths: ['x'], bogus: 1 } as never)).toThrow(/unknown option bogus/);
    expect(() => duckdbSource({ paths: ['x'], where: { eventName: 42 as never } })).toThrow();
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, DUCKDB_SOURCE_OPTIONS_SCHEMA)).toBeUndefined();
  });

  it('reports a file DuckDB cannot read as DuckDbQueryError', async () => {
    const dir = join(scratch, 'bad');
    cpSync(join(SAMPLES, '218007301253/CloudTrail/us-east-1/2023/07/10'), dir, { recursive: true });
    writeFileSync(join(dir, 'broken.json'), '{"Records": [ {"eventVersion": ');
    let error: unknown;
    try {
      await readAll(duckdbSource({ paths: [dir] }));
    } catch (e) {
      error = e;
    }
    expect(DuckDbQueryError.isInstance(error)).toBe(true);
  });
});
