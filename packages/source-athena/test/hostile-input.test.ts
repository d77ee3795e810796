import { ConfigError } from '@trailkit/core';
import {
  AthenaLimitError,
  AthenaNameError,
  athenaSource,
  buildQuery,
  type CloudTrailFilters,
  createTableSql,
} from '@trailkit/source-athena';
import { readSource, startAthenaServer } from '@trailkit/testing';
import { describe, expect, it } from 'vitest';
import { invictusRecords } from './fixtures';
import { hostileString, literalValue, placeholderCount, seededRandom, tokenize } from './sql-tokens';

const table = { database: 'security', table: 'cloudtrail_logs' };
const range = { since: '2023-07-10T00:00:00Z', until: '2023-07-11T00:00:00Z' };
const UNION = 'x" UNION SELECT secret FROM other_db.creds --';

function nameError(fn: () => unknown): AthenaNameError {
  try {
    fn();
  } catch (error) {
    expect(AthenaNameError.isInstance(error), String(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(ConfigError);
    return error as AthenaNameError;
  }
  throw new Error('expected an AthenaNameError');
}

function limitError(fn: () => unknown): AthenaLimitError {
  try {
    fn();
  } catch (error) {
    expect(AthenaLimitError.isInstance(error), String(error)).toBe(true);
    expect(ConfigError.isInstance(error)).toBe(true);
    return error as AthenaLimitError;
  }
  throw new Error('expected an AthenaLimitError');
}

describe('issue 13: the NUL-marker injection', () => {
  const filters = { ...range, pattern: `{ $.eventName = "${UNION.replaceAll('"', '\\"')}" }` };

  it('refuses a database name holding the old marker, in both value modes', () => {
    // The old builder turned this into FROM "db'x" UNION SELECT secret FROM other_db.creds --'"."t" (inline)
    // and into FROM "db?"."t" with 6 parameters for 5 placeholders (parameters).
    for (const values of ['inline', 'parameters'] as const) {
      const error = nameError(() => buildQuery(filters, { database: 'db\u00004\u0000', table: 't', values }));
      expect(error.code).toBe('ATHENA_NAME_INVALID');
      expect(error.option).toBe('database');
      expect(error.value).toBe('db\u00004\u0000');
      expect(error.message).toContain('database must be an Athena name');
      expect(error.message).toContain('"db\\u00004\\u0000"');
    }
  });

  it('keeps marker-like values as values: one literal each, as many ? as parameters', () => {
    const hostile = ['\u00000\u0000', `\u00004\u0000${UNION}`, '\u0000', `${UNION}\u00001\u0000`];
    const base = { ...range, eventNames: hostile, errorCodes: [`\u00002\u0000*`] };
    const inline = buildQuery(base, { ...table, values: 'inline' });
    const literals = tokenize(inline.sql).flatMap((t) => (t.kind === 'literal' ? [t.value] : []));
    expect(literals).toEqual([
      '2023/07/10',
      '2023/07/11',
      '2023-07-10T00:00:00Z',
      '2023-07-11T00:00:00Z',
      ...hostile,
      '\u00002\u0000%',
      '\\',
    ]);
    expect(inline.sql).not.toContain('\u0000');
    expect(inline.sql).toContain('FROM "security"."cloudtrail_logs"\n');

    const params = buildQuery(base, table);
    expect(placeholderCount(params.sql)).toBe(params.executionParameters.length);
    expect(params.sql.split('?').length - 1).toBe(params.executionParameters.length);
    expect(params.executionParameters.map(literalValue).slice(4, 8)).toEqual(hostile);
    expect(params.sql).not.toContain('UNION');
    expect(params.sql).not.toContain('\u0000');
  });
});

describe('issue 13: names are Athena names', () => {
  const HOSTILE_NAMES: unknown[] = [
    "db'x",
    'db"x',
    'db\u00004\u0000',
    'db\u0000',
    'db.other',
    'db;drop',
    'db x',
    'db-x',
    'db?',
    'db--',
    'db\n',
    'ünï',
    'Security',
    '',
    'a'.repeat(256),
    123,
    null,
  ];

  it('refuses hostile database, table and partition column names in buildQuery, naming the option', () => {
    for (const name of HOSTILE_NAMES) {
      if (name !== '') {
        expect(nameError(() => buildQuery(range, { ...table, database: name as string })).option).toBe(
          'database',
        );
      }
      if (name !== '' && name !== null) {
        expect(nameError(() => buildQuery(range, { ...table, table: name as string })).option).toBe('table');
      }
      if (name === null) continue;
      for (const key of ['timestamp', 'region', 'account'] as const) {
        const error = nameError(() => buildQuery(range, { ...table, partitions: { [key]: name as string } }));
        expect(error.option).toBe(`partitions.${key}`);
      }
    }
  });

  it('suggests the lower-case spelling of an upper-case name', () => {
    expect(() => buildQuery(range, { ...table, table: 'CloudTrail_Logs' })).toThrow(/use "cloudtrail_logs"/);
  });

  it('accepts names of lower-case letters, digits and _ up to 255 characters', () => {
    for (const name of ['cloudtrail_logs', '_private', '2024_trail', 'a'.repeat(255)]) {
      const q = buildQuery(range, { database: name, table: name, values: 'inline' });
      expect(q.sql).toContain(`FROM "${name}"."${name}"\n`);
    }
  });

  it('refuses hostile names in athenaSource (database, table, catalog, workGroup) and createTableSql', () => {
    const filters = range;
    for (const name of HOSTILE_NAMES) {
      if (typeof name !== 'string' || name === '') continue;
      expect(nameError(() => athenaSource({ database: name as string, filters, table: 't' })).option).toBe(
        'database',
      );
      expect(nameError(() => athenaSource({ database: 'd', filters, table: name as string })).option).toBe(
        'table',
      );
      expect(nameError(() => createTableSql({ ...ddl, table: name as string })).option).toBe('table');
      expect(nameError(() => createTableSql({ ...ddl, database: name as string })).option).toBe('database');
    }
    for (const workGroup of ["wg'", 'wg"', 'wg\u0000', 'wg x', 'w'.repeat(129), '']) {
      expect(nameError(() => athenaSource({ database: 'd', query: 'SELECT 1', workGroup })).option).toBe(
        'workGroup',
      );
    }
    for (const catalog of ['cat\u0000', 'cat\n', 'c'.repeat(257), '']) {
      expect(nameError(() => athenaSource({ database: 'd', query: 'SELECT 1', catalog })).option).toBe(
        'catalog',
      );
    }
    expect(() =>
      athenaSource({
        database: 'd',
        query: 'SELECT 1',
        workGroup: 'team-a.prod_1',
        catalog: 'AwsDataCatalog',
      }),
    ).not.toThrow();
  });
});

const ddl = {
  table: 'cloudtrail_logs',
  bucket: 'my-trail-bucket',
  accounts: ['111111111111'],
  regions: ['us-east-1'],
  startDate: '2023-01-01',
};

describe('issue 13: Athena parameter and query limits at build time', () => {
  it('refuses an execution parameter over 1,024 characters and accepts 1,024', () => {
    // 'A' × 1022 is the 1,024-character literal 'AAA…'; one more character is over the limit.
    expect(
      buildQuery({ ...range, eventNames: ['A'.repeat(1022)] }, table).executionParameters[4],
    ).toHaveLength(1024);
    const error = limitError(() => buildQuery({ ...range, eventNames: ['A'.repeat(1023)] }, table));
    expect(error.code).toBe('ATHENA_PARAMETER_TOO_LONG');
    expect(error.option).toBe('executionParameters[4]');
    expect(error.length).toBe(1025);
    expect(error.limit).toBe(1024);
    expect(error.message).toMatch(/over Athena's limit of 1024/);
    expect(error.message).toMatch(/inline/);
  });

  it('counts the escaped literal: 205 non-ASCII characters are a 1,029-character parameter', () => {
    expect(() => buildQuery({ ...range, eventNames: ['é'.repeat(204)] }, table)).not.toThrow();
    expect(limitError(() => buildQuery({ ...range, eventNames: ['é'.repeat(205)] }, table)).length).toBe(
      1029,
    );
  });

  it('sends long values inline, up to the 262,144-character query limit', () => {
    const inline = buildQuery({ ...range, eventNames: ['A'.repeat(5000)] }, { ...table, values: 'inline' });
    expect(inline.sql).toContain(`'${'A'.repeat(5000)}'`);
    const error = limitError(() =>
      buildQuery(
        { ...range, eventNames: Array.from({ length: 300 }, (_, i) => `${i}${'A'.repeat(1000)}`) },
        { ...table, values: 'inline' },
      ),
    );
    expect(error.code).toBe('ATHENA_QUERY_TOO_LONG');
    expect(error.limit).toBe(262_144);
  });

  it('checks the execution parameters and the query given to athenaSource before any call', () => {
    const query = 'SELECT * FROM cloudtrail_logs WHERE eventname = ?';
    const error = limitError(() =>
      athenaSource({ database: 'd', query, executionParameters: ["'ok'", `'${'x'.repeat(1023)}'`] }),
    );
    expect(error.option).toBe('executionParameters[1]');
    expect(() => athenaSource({ database: 'd', query, executionParameters: [''] })).toThrow(ConfigError);
    expect(() =>
      athenaSource({ database: 'd', query, executionParameters: [`'${'x'.repeat(1022)}'`] }),
    ).not.toThrow();
    expect(
      limitError(() => athenaSource({ database: 'd', query: `SELECT 1 ${' '.repeat(262_144)}` })).code,
    ).toBe('ATHENA_QUERY_TOO_LONG');
  });
});

describe('issue 13: random hostile values never change the SQL structure', () => {
  /** Filters with a fixed shape holding these values. */
  function shaped(v: string[]): CloudTrailFilters {
    return {
      ...range,
      accounts: [v[0] as string, v[1] as string],
      regions: [v[2] as string],
      eventNames: [v[3] as string, v[4] as string, v[5] as string],
      errorCodes: { not: [v[6] as string] },
      userIdentity: { arn: `arn:${v[7]}*` },
      where: { fields: { 'requestParameters.bucketName': v[8] as string } },
    };
  }
  /** The values in text order, as the builder places them. */
  const expectedValues = (v: string[]) => [
    '2023/07/10',
    '2023/07/11',
    '2023-07-10T00:00:00Z',
    '2023-07-11T00:00:00Z',
    v[0],
    v[1],
    v[2],
    '$.bucketName',
    v[8],
    v[3],
    v[4],
    v[5],
    v[6],
    `arn:${(v[7] as string).replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  ];
  const reference = buildQuery(shaped(Array.from({ length: 9 }, () => 'v')), table);

  it('holds for 500 random sets of values (NUL, quotes, backslashes, ?, unicode)', () => {
    const random = seededRandom(13);
    for (let run = 0; run < 500; run += 1) {
      const values = Array.from({ length: 9 }, () => hostileString(random));
      const filters = shaped(values);
      const params = buildQuery(filters, table);
      // Parameter mode: the text never depends on the values; one ? per parameter.
      expect(params.sql).toBe(reference.sql);
      expect(placeholderCount(params.sql)).toBe(params.executionParameters.length);
      // Each parameter is exactly one escaped literal holding the value.
      expect(params.executionParameters.map(literalValue)).toEqual(expectedValues(values));
      // Inline mode: the same statement with each ? replaced by its literal, nothing else.
      const inline = buildQuery(filters, { ...table, values: 'inline' });
      const pieces = params.sql.split('?');
      const rebuilt = pieces.reduce(
        (sql, piece, i) => sql + (params.executionParameters[i - 1] ?? '') + piece,
      );
      expect(inline.sql).toBe(rebuilt);
      const inlineTokens = tokenize(inline.sql);
      const paramTokens = tokenize(params.sql);
      expect(inlineTokens.length).toBe(paramTokens.length);
      let next = 0;
      for (const [i, token] of paramTokens.entries()) {
        if (token.kind === 'placeholder') {
          expect(inlineTokens[i]).toEqual({ kind: 'literal', value: expectedValues(values)[next] });
          next += 1;
        } else {
          expect(inlineTokens[i]).toEqual(token);
        }
      }
      // No control character, NUL or non-ASCII character ever reaches the SQL text.
      expect(/^[\n\x20-\x7e]*$/.test(inline.sql)).toBe(true);
    }
  });
});

describe('issue 13: random hostile values against the local Athena server', () => {
  it('finds exactly the records holding 40 random hostile event names, in both value modes', async () => {
    const random = seededRandom(1313);
    const names = new Set<string>();
    while (names.size < 40) names.add(`e${hostileString(random)}`);
    const template = invictusRecords()[0]!;
    const hostile = [...names].map((eventName, i) => ({ ...template, eventID: `hostile-${i}`, eventName }));
    const server = await startAthenaServer({ queuedPolls: 0, runningPolls: 0 });
    try {
      server.loadRecords('security', 'cloudtrail_logs', [...invictusRecords().slice(0, 200), ...hostile]);
      for (const values of ['parameters', 'inline'] as const) {
        const source = athenaSource({
          database: 'security',
          table: 'cloudtrail_logs',
          filters: { since: '2023-01-01T00:00:00Z', until: '2024-01-01T00:00:00Z', eventNames: [...names] },
          queryOptions: { values },
          client: server.client(),
          pollInterval: 0,
        });
        const { events } = await readSource(source);
        const query = server.queries.at(-1)!;
        expect(server.stateOf(query.queryExecutionId), values).toBe('SUCCEEDED');
        expect(events.map((e) => e.eventID).sort()).toEqual(hostile.map((r) => r.eventID).sort());
        expect(events.map((e) => e.eventName).sort()).toEqual([...names].sort());
        if (values === 'parameters') {
          expect(placeholderCount(query.queryString)).toBe(query.executionParameters?.length);
        }
      }
    } finally {
      await server.stop();
    }
  });
});
