import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AthenaServer, startAthenaServer } from '../src/index';
import { invictusRecords } from './real-records';

const records = invictusRecords();

let server: AthenaServer;
beforeAll(async () => {
  server = await startAthenaServer({ queuedPolls: 1, runningPolls: 1 });
  server.loadRecords('trail', 'cloudtrail_logs', records);
});
afterAll(() => server.stop());

async function runToEnd(queryString: string, executionParameters?: string[]) {
  const client = server.client();
  const { QueryExecutionId } = await client.send(
    new StartQueryExecutionCommand({
      QueryString: queryString,
      QueryExecutionContext: { Database: 'trail' },
      ResultConfiguration: { OutputLocation: 's3://results/' },
      ...(executionParameters ? { ExecutionParameters: executionParameters } : {}),
    }),
  );
  const states: string[] = [];
  for (;;) {
    const { QueryExecution } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId }));
    const state = QueryExecution?.Status?.State as string;
    states.push(state);
    if (state !== 'QUEUED' && state !== 'RUNNING')
      return { id: QueryExecutionId!, states, execution: QueryExecution! };
  }
}

async function allRows(id: string, maxResults = 1000) {
  const client = server.client();
  const rows: Array<Array<string | undefined>> = [];
  let token: string | undefined;
  let pages = 0;
  let columns: Array<{ Name?: string; Type?: string }> = [];
  do {
    const page = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: maxResults, NextToken: token }),
    );
    pages += 1;
    columns = page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
    for (const row of page.ResultSet?.Rows ?? []) rows.push((row.Data ?? []).map((d) => d.VarCharValue));
    token = page.NextToken;
  } while (token);
  return { header: rows[0], rows: rows.slice(1), pages, columns };
}

describe('startAthenaServer', () => {
  it('moves a query QUEUED → RUNNING → SUCCEEDED over successive polls, with statistics', async () => {
    const run = await runToEnd(`SELECT eventid FROM cloudtrail_logs WHERE eventname = 'ListBuckets'`);
    expect(run.states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    expect(run.execution.Statistics?.DataScannedInBytes).toBeGreaterThan(0);
    expect(run.execution.Status?.CompletionDateTime).toBeInstanceOf(Date);
  });

  it('evaluates WHERE over the loaded real records and pages with NextToken, header first', async () => {
    const expected = records.filter(
      (r) => r.eventSource === 'ec2.amazonaws.com' && r.errorCode === undefined,
    );
    expect(expected.length).toBeGreaterThan(20);
    const run = await runToEnd(
      `SELECT eventid, eventname FROM "trail"."cloudtrail_logs" WHERE eventsource = ? AND errorcode IS NULL ORDER BY eventid`,
      ["'ec2.amazonaws.com'"],
    );
    expect(run.execution.Status?.State).toBe('SUCCEEDED');
    const result = await allRows(run.id, 7);
    expect(result.header).toEqual(['eventid', 'eventname']);
    expect(result.pages).toBe(Math.ceil((expected.length + 1) / 7));
    expect(result.rows.map((r) => r[0])).toEqual(expected.map((r) => r.eventID).sort());
    expect(result.columns.map((c) => c.Type)).toEqual(['varchar', 'varchar']);
  });

  it('renders structs as Athena does and keeps objects in JSON-string columns', async () => {
    const sample = records.find((r) => r.userIdentity?.sessionContext?.sessionIssuer && r.requestParameters);
    expect(sample).toBeDefined();
    const run = await runToEnd(
      `SELECT useridentity, requestparameters, readonly FROM cloudtrail_logs WHERE eventid = '${sample!.eventID}'`,
    );
    const { rows, columns } = await allRows(run.id);
    expect(rows).toHaveLength(1);
    const [identity, params, readOnly] = rows[0]!;
    expect(identity).toMatch(/^\{type=AssumedRole, principalid=[^,]+, arn=arn:aws:sts::/);
    expect(identity).toContain(`sessionissuer={type=Role, principalid=`);
    expect(identity).toContain('onbehalfof=null');
    expect(JSON.parse(params!)).toEqual(sample!.requestParameters);
    expect(readOnly).toBe(String(sample!.readOnly));
    expect(columns[0]?.Type).toMatch(/^row\(type varchar, principalid varchar/);
  });

  it('treats hostile parameter values as literals, never as SQL', async () => {
    const run = await runToEnd(`SELECT eventid FROM cloudtrail_logs WHERE eventname = ?`, [
      "'x'' OR ''1''=''1'",
    ]);
    expect(run.execution.Status?.State).toBe('SUCCEEDED');
    expect((await allRows(run.id)).rows).toHaveLength(0);
    const injected = await runToEnd(`SELECT eventid FROM cloudtrail_logs WHERE eventname = ?`, [
      "'x' OR 1=1",
    ]);
    expect(injected.execution.Status?.State).toBe('FAILED');
    expect(injected.execution.Status?.StateChangeReason).toMatch(/not a single literal/);
  });

  it('fails queries with syntax errors, unknown tables and injected failures, with a reason', async () => {
    const syntax = await runToEnd(`SELECT FROM cloudtrail_logs`);
    expect(syntax.execution.Status?.State).toBe('FAILED');
    expect(syntax.execution.Status?.StateChangeReason).toMatch(
      /^SYNTAX_ERROR: line 1:8: mismatched input 'FROM'/,
    );
    const missing = await runToEnd(`SELECT * FROM nope`);
    expect(missing.execution.Status?.StateChangeReason).toMatch(/TABLE_NOT_FOUND/);
    server.failNextQuery('HIVE_BAD_DATA: Error parsing field value');
    const injected = await runToEnd(`SELECT * FROM cloudtrail_logs`);
    expect(injected.execution.Status).toMatchObject({
      State: 'FAILED',
      StateChangeReason: 'HIVE_BAD_DATA: Error parsing field value',
    });
    await expect(
      server.client().send(new GetQueryResultsCommand({ QueryExecutionId: injected.id })),
    ).rejects.toMatchObject({ name: 'InvalidRequestException' });
  });

  it('refuses results before the query finished and MaxResults above 1000', async () => {
    const client = server.client();
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({ QueryString: 'SELECT * FROM trail.cloudtrail_logs' }),
    );
    await expect(client.send(new GetQueryResultsCommand({ QueryExecutionId }))).rejects.toThrow(
      /not yet finished/,
    );
    await client.send(new StopQueryExecutionCommand({ QueryExecutionId }));
    expect(server.stateOf(QueryExecutionId!)).toBe('CANCELLED');
    expect(server.stopped).toContain(QueryExecutionId);
    const done = await runToEnd('SELECT eventid FROM cloudtrail_logs LIMIT 3');
    await expect(
      client.send(new GetQueryResultsCommand({ QueryExecutionId: done.id, MaxResults: 1001 })),
    ).rejects.toMatchObject({
      name: 'InvalidRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    expect((await allRows(done.id)).rows).toHaveLength(3);
  });

  it('answers ThrottlingException (400) for the next N calls, then recovers', async () => {
    const client = server.client({ maxAttempts: 1 });
    server.throttleNext(2, ['StartQueryExecution']);
    const start = () =>
      client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT * FROM trail.cloudtrail_logs' }));
    await expect(start()).rejects.toMatchObject({
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(start()).rejects.toMatchObject({ name: 'ThrottlingException' });
    await expect(start()).resolves.toMatchObject({ QueryExecutionId: expect.any(String) });
  });

  it('records the queries it received', async () => {
    const before = server.queries.length;
    await server.client().send(
      new StartQueryExecutionCommand({
        QueryString: 'SELECT 1 FROM t',
        WorkGroup: 'analysts',
        QueryExecutionContext: { Database: 'db1' },
        ResultConfiguration: { OutputLocation: 's3://out/' },
      }),
    );
    expect(server.queries.slice(before)).toEqual([
      expect.objectContaining({
        queryString: 'SELECT 1 FROM t',
        workGroup: 'analysts',
        database: 'db1',
        outputLocation: 's3://out/',
      }),
    ]);
  });
});
