import { randomUUID } from 'node:crypto';
import { AthenaClient, type AthenaClientConfig } from '@aws-sdk/client-athena';
import {
  AwsJsonError,
  FailureBudget,
  requireString,
  startJsonProtocolServer,
} from '../http/json-protocol-server';
import { type PartitionValues, type Row, recordToRow } from './cloudtrail-table';
import { type QueryResult, runQuery } from './run-query';
import { type SqlLiteral, SqlSyntaxError, parseParameter, parseSelect } from './sql-parser';
import { SqlSemanticError } from './sql-evaluator';

/** Options of {@link startAthenaServer}. */
export interface AthenaServerOptions {
  /** GetQueryExecution polls that report QUEUED before RUNNING (default 1). */
  queuedPolls?: number;
  /** GetQueryExecution polls that report RUNNING before the final state (default 1). */
  runningPolls?: number;
  /** Database used when neither the query nor `QueryExecutionContext` names one (default `default`). */
  defaultDatabase?: string;
}

/** A query the server received, as StartQueryExecution got it. */
export interface ReceivedQuery {
  queryExecutionId: string;
  queryString: string;
  executionParameters: string[] | undefined;
  database: string | undefined;
  catalog: string | undefined;
  workGroup: string | undefined;
  outputLocation: string | undefined;
}

/** One request the server received. */
export interface ReceivedAthenaRequest {
  operation: string;
  input: Record<string, unknown>;
}

type QueryState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED';

interface Execution {
  query: ReceivedQuery;
  state: QueryState;
  polls: number;
  reason?: string;
  failWith?: string;
  submitted: number;
  completed?: number;
  result?: QueryResult;
}

/** A running local Athena server. */
export interface AthenaServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A real `AthenaClient` pointed at this server (region `us-east-1`, static test credentials). */
  client(config?: Partial<AthenaClientConfig>): AthenaClient;
  /**
   * Load CloudTrail records into `database.table` (appending). Rows get the table's lower-case columns and
   * the partition columns `account`, `region`, `timestamp` (from the record unless given).
   */
  loadRecords(
    database: string,
    table: string,
    records: readonly object[],
    partitions?: PartitionValues,
  ): void;
  /** Every query started, in order. */
  readonly queries: ReceivedQuery[];
  /** Every request received, in order (throttled ones included). */
  readonly requests: ReceivedAthenaRequest[];
  /** Ids of the queries StopQueryExecution was called for. */
  readonly stopped: string[];
  /** The state of a query (`undefined` for an unknown id). */
  stateOf(queryExecutionId: string): QueryState | undefined;
  /** Make the next query started end FAILED with this reason. */
  failNextQuery(reason: string): void;
  /** Make the next `count` calls (optionally only of these operations) fail with `ThrottlingException`. */
  throttleNext(count: number, operations?: readonly string[]): void;
  /** Stop the server. */
  stop(): Promise<void>;
}

/**
 * Start a local Athena endpoint (AWS JSON 1.1, `X-Amz-Target: AmazonAthena.<Operation>`) on 127.0.0.1 and a
 * random port: StartQueryExecution, GetQueryExecution (QUEUED → RUNNING → SUCCEEDED/FAILED/CANCELLED over
 * successive polls), GetQueryResults (header row first, `NextToken`/`MaxResults` ≤ 1000, column types) and
 * StopQueryExecution. Queries run against CloudTrail tables loaded with `loadRecords`, in a SQL subset
 * (see `parseSelect`).
 */
export async function startAthenaServer(options: AthenaServerOptions = {}): Promise<AthenaServer> {
  const queuedPolls = options.queuedPolls ?? 1;
  const runningPolls = options.runningPolls ?? 1;
  const defaultDatabase = options.defaultDatabase ?? 'default';
  const tables = new Map<string, Row[]>();
  const executions = new Map<string, Execution>();
  const queries: ReceivedQuery[] = [];
  const requests: ReceivedAthenaRequest[] = [];
  const stopped: string[] = [];
  const throttle = new FailureBudget();
  let nextFailure: string | undefined;

  const execution = (input: Record<string, unknown>): Execution => {
    const id = requireString(input, 'QueryExecutionId', 'InvalidRequestException');
    const found = executions.get(id);
    if (!found) throw new AwsJsonError('InvalidRequestException', `QueryExecution ${id} was not found`);
    return found;
  };

  const finish = (run: Execution) => {
    run.completed = Date.now();
    if (run.failWith !== undefined) {
      run.state = 'FAILED';
      run.reason = run.failWith;
      return;
    }
    try {
      const select = parseSelect(run.query.queryString);
      const given = run.query.executionParameters ?? [];
      if (given.length !== select.parameterCount) {
        throw new SqlSyntaxError(
          `Incorrect number of parameters: expected ${select.parameterCount} but found ${given.length}`,
        );
      }
      const params: SqlLiteral[] = given.map(parseParameter);
      const database = select.from.database ?? run.query.database ?? defaultDatabase;
      const rows = tables.get(`${database}.${select.from.table}`);
      if (!rows) {
        throw new SqlSemanticError(
          `TABLE_NOT_FOUND: Table 'awsdatacatalog.${database}.${select.from.table}' does not exist`,
        );
      }
      run.result = runQuery(select, rows, params);
      run.state = 'SUCCEEDED';
    } catch (error) {
      if (!(error instanceof SqlSyntaxError || error instanceof SqlSemanticError)) throw error;
      run.state = 'FAILED';
      run.reason = error instanceof SqlSyntaxError ? `SYNTAX_ERROR: ${error.message}` : error.message;
    }
  };

  const server = await startJsonProtocolServer({
    targetPrefix: 'AmazonAthena',
    errorNamespace: 'com.amazonaws.athena',
    onRequest: (operation, input) => requests.push({ operation, input }),
    beforeOperation(operation) {
      if (throttle.take(operation)) throw new AwsJsonError('ThrottlingException', 'Rate exceeded');
    },
    operations: {
      StartQueryExecution(input) {
        const queryString = requireString(input, 'QueryString', 'InvalidRequestException');
        const context = (input.QueryExecutionContext ?? {}) as Record<string, unknown>;
        const result = (input.ResultConfiguration ?? {}) as Record<string, unknown>;
        const parameters = input.ExecutionParameters;
        if (
          parameters !== undefined &&
          (!Array.isArray(parameters) || parameters.some((p) => typeof p !== 'string'))
        ) {
          throw new AwsJsonError('InvalidRequestException', 'ExecutionParameters must be a list of strings');
        }
        const query: ReceivedQuery = {
          queryExecutionId: randomUUID(),
          queryString,
          executionParameters: parameters as string[] | undefined,
          database: typeof context.Database === 'string' ? context.Database : undefined,
          catalog: typeof context.Catalog === 'string' ? context.Catalog : undefined,
          workGroup: typeof input.WorkGroup === 'string' ? input.WorkGroup : undefined,
          outputLocation: typeof result.OutputLocation === 'string' ? result.OutputLocation : undefined,
        };
        queries.push(query);
        const run: Execution = { query, state: 'QUEUED', polls: 0, submitted: Date.now() };
        if (nextFailure !== undefined) {
          run.failWith = nextFailure;
          nextFailure = undefined;
        }
        executions.set(query.queryExecutionId, run);
        return { QueryExecutionId: query.queryExecutionId };
      },
      GetQueryExecution(input) {
        const run = execution(input);
        if (run.state === 'QUEUED' || run.state === 'RUNNING') {
          run.polls += 1;
          if (run.polls > queuedPolls + runningPolls) finish(run);
          else run.state = run.polls > queuedPolls ? 'RUNNING' : 'QUEUED';
        }
        return { QueryExecution: describe(run) };
      },
      GetQueryResults(input) {
        const run = execution(input);
        if (run.state !== 'SUCCEEDED' || !run.result) {
          const final = run.state === 'FAILED' || run.state === 'CANCELLED';
          throw new AwsJsonError(
            'InvalidRequestException',
            final
              ? `Query did not finish successfully. Final query state: ${run.state}`
              : `Query has not yet finished. Current state: ${run.state}`,
          );
        }
        const maxResults = input.MaxResults ?? 1000;
        if (
          typeof maxResults !== 'number' ||
          !Number.isInteger(maxResults) ||
          maxResults < 1 ||
          maxResults > 1000
        ) {
          throw new AwsJsonError(
            'InvalidRequestException',
            `1 validation error detected: Value '${String(maxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000`,
          );
        }
        const offset = typeof input.NextToken === 'string' ? decodeToken(input.NextToken) : 0;
        const all = run.result.rows;
        // Row 0 is the header; it is delivered first and counts toward MaxResults, as in Athena.
        const total = all.length + 1;
        const end = Math.min(offset + maxResults, total);
        const page = [];
        for (let i = offset; i < end; i += 1) {
          const cells =
            i === 0 ? run.result.columns.map((c) => c.name) : (all[i - 1] as Array<string | undefined>);
          page.push({ Data: cells.map((cell) => (cell === undefined ? {} : { VarCharValue: cell })) });
        }
        return {
          UpdateCount: 0,
          ResultSet: {
            Rows: page,
            ResultSetMetadata: {
              ColumnInfo: run.result.columns.map((c) => ({
                CatalogName: 'hive',
                SchemaName: '',
                TableName: '',
                Name: c.name,
                Label: c.name,
                Type: c.type,
                Precision: c.type === 'varchar' ? 2147483647 : 0,
                Scale: 0,
                Nullable: 'UNKNOWN',
                CaseSensitive: c.type === 'varchar',
              })),
            },
          },
          ...(end < total ? { NextToken: encodeToken(end) } : {}),
        };
      },
      StopQueryExecution(input) {
        const run = execution(input);
        stopped.push(run.query.queryExecutionId);
        if (run.state === 'QUEUED' || run.state === 'RUNNING') {
          run.state = 'CANCELLED';
          run.reason = 'Query cancelled by user';
          run.completed = Date.now();
        }
        return {};
      },
    },
  });

  return {
    endpoint: server.endpoint,
    client: (config = {}) =>
      new AthenaClient({
        endpoint: server.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        ...config,
      }),
    loadRecords(database, table, records, partitions) {
      const key = `${database}.${table}`;
      const rows = tables.get(key) ?? [];
      for (const record of records) rows.push(recordToRow(record as Record<string, unknown>, partitions));
      tables.set(key, rows);
    },
    queries,
    requests,
    stopped,
    stateOf: (id) => executions.get(id)?.state,
    failNextQuery(reason) {
      nextFailure = reason;
    },
    throttleNext: (count, operations) => throttle.arm(count, operations),
    stop: () => server.stop(),
  };
}

function describe(run: Execution) {
  const seconds = (ms: number) => ms / 1000;
  const elapsed = (run.completed ?? Date.now()) - run.submitted;
  return {
    QueryExecutionId: run.query.queryExecutionId,
    Query: run.query.queryString,
    StatementType: 'DML',
    ...(run.query.executionParameters ? { ExecutionParameters: run.query.executionParameters } : {}),
    QueryExecutionContext: {
      ...(run.query.database ? { Database: run.query.database } : {}),
      Catalog: run.query.catalog ?? 'awsdatacatalog',
    },
    ResultConfiguration: {
      OutputLocation: `${run.query.outputLocation ?? 's3://local-athena-results/'}${run.query.queryExecutionId}.csv`,
    },
    WorkGroup: run.query.workGroup ?? 'primary',
    EngineVersion: { SelectedEngineVersion: 'AUTO', EffectiveEngineVersion: 'Athena engine version 3' },
    Status: {
      State: run.state,
      ...(run.reason ? { StateChangeReason: run.reason } : {}),
      SubmissionDateTime: seconds(run.submitted),
      ...(run.completed ? { CompletionDateTime: seconds(run.completed) } : {}),
      ...(run.state === 'FAILED'
        ? { AthenaError: { ErrorCategory: 2, ErrorType: 1000, Retryable: false } }
        : {}),
    },
    Statistics: {
      EngineExecutionTimeInMillis: elapsed,
      TotalExecutionTimeInMillis: elapsed,
      QueryQueueTimeInMillis: 0,
      DataScannedInBytes: run.result?.scannedBytes ?? 0,
    },
  };
}

function encodeToken(offset: number): string {
  return Buffer.from(`rows:${offset}`).toString('base64');
}

function decodeToken(token: string): number {
  const match = /^rows:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw new AwsJsonError('InvalidRequestException', 'The NextToken is invalid');
  return Number(match[1]);
}
