import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ConfigError, where } from '@trailkit/core';
import { type AthenaServer, startAthenaServer } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddlFromEnv, main, optionsFromEnv } from '../src/main';

const FIXTURES = join(import.meta.dirname, '../../../packages/core/test/fixtures/real/invictus-aws-dataset');
const records: Array<Record<string, any>> = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')).Records);

let server: AthenaServer;
beforeAll(async () => {
  server = await startAthenaServer();
  server.loadRecords('security', 'cloudtrail_logs', records);
});
afterAll(() => server.stop());

function capture() {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('athena-history example', () => {
  it('runs the query built from the environment and prints exactly the matching events', async () => {
    const env = {
      ATHENA_DATABASE: 'security',
      ATHENA_TABLE: 'cloudtrail_logs',
      ATHENA_OUTPUT_LOCATION: 's3://athena-results/history/',
      SINCE: '2023-07-10T12:00:00Z',
      UNTIL: '2023-07-10T13:00:00Z',
      ACCOUNTS: '123837392027',
      REGIONS: 'us-east-1',
      EVENT_SOURCES: 'ec2.amazonaws.com,sts.amazonaws.com',
      FILTER_PATTERN: '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    };
    const out = capture();
    const log = capture();
    const summary = await main({
      ...optionsFromEnv(env),
      client: server.client(),
      out: out.stream,
      log: log.stream,
      pollIntervalMs: 1,
    });
    const printed = out
      .text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const local = where({
      since: env.SINCE,
      until: env.UNTIL,
      eventSource: ['ec2.amazonaws.com', 'sts.amazonaws.com'],
      errorCode: ['*UnauthorizedOperation', 'AccessDenied*'],
    });
    const expected = records.filter((r) => local.test(r));
    expect(expected.length).toBeGreaterThan(5);
    expect(printed.map((e) => e.eventID).sort()).toEqual(expected.map((r) => r.eventID).sort());
    expect(summary.events.read).toBe(expected.length);
    expect(printed[0].userIdentity.accountId).toEqual(expect.any(String));
    const query = server.queries.at(-1)!;
    expect(query.outputLocation).toBe('s3://athena-results/history/');
    expect(query.queryString).toContain('"timestamp" BETWEEN ? AND ?');
    expect(log.text()).toContain(`-- ${expected.length} events`);
  });

  it('reads its settings from the environment and prints the DDL', () => {
    expect(() => optionsFromEnv({})).toThrow(ConfigError);
    const now = Date.parse('2024-11-08T00:00:00Z');
    expect(
      optionsFromEnv({ ATHENA_DATABASE: 'd', ATHENA_TABLE: 't', EVENT_NAMES: 'A, B*' }, now).filters,
    ).toEqual({
      since: '2024-11-01T00:00:00.000Z',
      eventNames: ['A', 'B*'],
    });
    expect(() => ddlFromEnv({})).toThrow(/PRINT_DDL needs/);
    const ddl = ddlFromEnv({
      TRAIL_BUCKET: 'my-trail',
      ACCOUNTS: '123456789012',
      REGIONS: 'us-east-1',
      START_DATE: '2024/01/01',
    });
    expect(ddl).toContain(
      `'storage.location.template'='s3://my-trail/AWSLogs/\${account}/CloudTrail/\${region}/\${timestamp}'`,
    );
  });
});
