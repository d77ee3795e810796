import { randomUUID } from 'node:crypto';
import { CloudTrailClient, type CloudTrailClientConfig } from '@aws-sdk/client-cloudtrail';
import type { Row } from '../athena/cloudtrail-table';
import {
  AwsJsonError,
  FailureBudget,
  requireString,
  startJsonProtocolServer,
} from '../http/json-protocol-server';
import { accountOfAccessKey } from '../sts/sts-server';
import { lakeRow, runLakeQuery } from './lake-store';
import { lookupEvents, type StoredLookupEvent } from './lookup-events';
import { listPublicKeys, type ServedPublicKey } from './public-keys';
import { sigV4Scope } from './sigv4-scope';
import { TokenBucket } from './token-bucket';
import { type TrailDefinition, type TrailStore, trailConfigurationOperations } from './trail-configuration';

/** Options of {@link startCloudTrailServer}. */
export interface CloudTrailServerOptions {
  /** LookupEvents calls per second per account and region, with bursts of as many (default 2, AWS's limit). */
  lookupCallsPerSecond?: number;
  /** DescribeQuery polls that report QUEUED before RUNNING (default 1). */
  queuedPolls?: number;
  /** DescribeQuery polls that report RUNNING before FINISHED (default 1). */
  runningPolls?: number;
  /** The public keys `ListPublicKeys` serves (validity decides which a range returns). */
  publicKeys?: readonly ServedPublicKey[];
  /** Keys returned per `ListPublicKeys` page before a `NextToken` (default 1, to exercise paging). */
  publicKeysPageSize?: number;
}

/** One request the server received (any operation). */
export interface ReceivedCloudTrailRequest {
  operation: string;
  input: Record<string, unknown>;
}

/** One LookupEvents call the server received. */
export interface ReceivedLookupCall {
  /** Region of the call (from its SigV4 credential scope). */
  region: string;
  /** Access key of the call (the account, for the rate limit). */
  accessKeyId: string;
  /** When it arrived (epoch ms). */
  time: number;
  /** The request body. */
  input: Record<string, unknown>;
  /** True when it was answered with `ThrottlingException`. */
  throttled: boolean;
}

type LakeState = 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

/** A Lake query the server received. */
export interface ReceivedLakeQuery {
  queryId: string;
  statement: string;
  state: LakeState;
}

interface LakeQuery extends ReceivedLakeQuery {
  polls: number;
  created: number;
  error?: string;
  rows?: Array<Array<Record<string, string>>>;
  scanned?: number;
}

/** A running local CloudTrail endpoint. */
export interface CloudTrailServer {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** A real `CloudTrailClient` pointed at this server (region `us-east-1` unless given, static test credentials). */
  client(config?: Partial<CloudTrailClientConfig>): CloudTrailClient;
  /** Settings for clients of this server (endpoint and credentials), to which a source adds the region. */
  readonly clientConfig: CloudTrailClientConfig;
  /**
   * Add records to one region's event history (management events only, as event history keeps). With
   * `account`, to that account's history: it answers calls signed with keys the local STS server issued for
   * that account (see `accountOfAccessKey`); without, to the history that answers every other key.
   */
  loadEvents(region: string, records: readonly object[], account?: string): void;
  /** Create (or add to) an event data store of CloudTrail Lake. Returns its ARN. */
  loadEventDataStore(id: string, records: readonly object[]): string;
  /** Add trails (control plane: DescribeTrails, GetTrailStatus, GetEventSelectors, GetInsightSelectors). */
  putTrails(trails: readonly TrailDefinition[], account?: string): void;
  /** Every LookupEvents call, in order (throttled ones included). */
  readonly lookupCalls: ReceivedLookupCall[];
  /** Every Lake query started, in order, with its current state. */
  readonly lakeQueries: ReceivedLakeQuery[];
  /** Every request received (any operation), in order. */
  readonly requests: ReceivedCloudTrailRequest[];
  /** Make the next `count` calls (optionally only of these operations) fail with `ThrottlingException`. */
  throttleNext(count: number, operations?: readonly string[]): void;
  /** Stop the server. */
  stop(): Promise<void>;
}

/** The static credentials of the clients {@link CloudTrailServer.client} builds (any credentials work). */
export const CLOUDTRAIL_TEST_CREDENTIALS = {
  accessKeyId: 'AKIDTRAILKITTEST',
  secretAccessKey: 'test',
} as const;

const THROTTLED = () => new AwsJsonError('ThrottlingException', 'Rate exceeded');

/**
 * Start a local CloudTrail endpoint (AWS JSON 1.1, `X-Amz-Target: CloudTrail_20131101.<Operation>`) on
 * 127.0.0.1 and a random port:
 * - `LookupEvents` per region (the region is read from the request's SigV4 scope, so one server is every
 *   region): newest first, one lookup attribute, time range, `MaxResults` ≤ 50, `NextToken` paging, and the
 *   API's rate limit per account and region (a token bucket, `ThrottlingException` beyond it).
 * - `ListPublicKeys`: the keys given in `publicKeys` (for digest validation), paged.
 * - CloudTrail Lake: `StartQuery` (the statement's `FROM` names a store loaded with `loadEventDataStore`),
 *   `DescribeQuery` (QUEUED → RUNNING → FINISHED/FAILED over polls), `GetQueryResults` (`NextToken`,
 *   `MaxQueryResults` ≤ 1000; each row a list of `{column: value}`) and `CancelQuery`.
 */
export async function startCloudTrailServer(
  options: CloudTrailServerOptions = {},
): Promise<CloudTrailServer> {
  const rate = options.lookupCallsPerSecond ?? 2;
  const queuedPolls = options.queuedPolls ?? 1;
  const runningPolls = options.runningPolls ?? 1;
  const history = new Map<string, StoredLookupEvent[]>();
  const buckets = new Map<string, TokenBucket>();
  const stores = new Map<string, Row[]>();
  const queries = new Map<string, LakeQuery>();
  const lookupCalls: ReceivedLookupCall[] = [];
  const lakeQueries: LakeQuery[] = [];
  const throttle = new FailureBudget();
  const requests: ReceivedCloudTrailRequest[] = [];
  const publicKeys = options.publicKeys ?? [];
  const publicKeysPageSize = options.publicKeysPageSize ?? 1;
  const trails: TrailStore = new Map();

  const query = (input: Record<string, unknown>): LakeQuery => {
    const id = requireString(input, 'QueryId', 'InvalidParameterException');
    const found = queries.get(id);
    if (!found) throw new AwsJsonError('QueryIdNotFoundException', `Query ${id} was not found`);
    return found;
  };
  const finish = (q: LakeQuery) => {
    const result = runLakeQuery(q.statement, stores);
    if ('error' in result) {
      q.state = 'FAILED';
      q.error = result.error;
    } else {
      q.state = 'FINISHED';
      q.rows = result.rows;
      q.scanned = result.scanned;
    }
  };
  const advance = (q: LakeQuery) => {
    if (q.state !== 'QUEUED' && q.state !== 'RUNNING') return;
    q.polls += 1;
    if (q.polls > queuedPolls) q.state = 'RUNNING';
    if (q.polls > queuedPolls + runningPolls) finish(q);
  };

  const server = await startJsonProtocolServer({
    targetPrefix: 'CloudTrail_20131101',
    errorNamespace: 'com.amazonaws.cloudtrail.v20131101',
    onRequest: (operation, input) => requests.push({ operation, input }),
    beforeOperation: (operation) => {
      if (throttle.take(operation)) throw THROTTLED();
    },
    operations: {
      ListPublicKeys: (input) => listPublicKeys(publicKeys, publicKeysPageSize, input),
      ...trailConfigurationOperations(trails),
      LookupEvents: (input, _signal, headers) => {
        const { region, accessKeyId } = sigV4Scope(headers);
        const key = `${accessKeyId}/${region}`;
        let bucket = buckets.get(key);
        if (!bucket) {
          bucket = new TokenBucket(rate);
          buckets.set(key, bucket);
        }
        const allowed = bucket.take();
        lookupCalls.push({ region, accessKeyId, time: Date.now(), input, throttled: !allowed });
        if (!allowed) throw THROTTLED();
        const account = accountOfAccessKey(accessKeyId) ?? '*';
        return lookupEvents(region, history.get(`${account}/${region}`) ?? [], input);
      },
      StartQuery: (input) => {
        const statement = requireString(input, 'QueryStatement', 'InvalidParameterException');
        const q: LakeQuery = {
          queryId: randomUUID(),
          statement,
          state: 'QUEUED',
          polls: 0,
          created: Date.now(),
        };
        queries.set(q.queryId, q);
        lakeQueries.push(q);
        return { QueryId: q.queryId };
      },
      DescribeQuery: (input) => {
        const q = query(input);
        advance(q);
        return {
          QueryId: q.queryId,
          QueryString: q.statement,
          QueryStatus: q.state,
          QueryStatistics: {
            EventsMatched: q.rows?.length ?? 0,
            EventsScanned: q.scanned ?? 0,
            CreationTime: q.created / 1000,
          },
          ...(q.error ? { ErrorMessage: q.error } : {}),
        };
      },
      GetQueryResults: (input) => {
        const q = query(input);
        if (q.state !== 'FINISHED') {
          if (q.state === 'FAILED') return { QueryStatus: q.state, ErrorMessage: q.error };
          if (q.state === 'CANCELLED') return { QueryStatus: q.state };
          throw new AwsJsonError('InactiveQueryException', `Query ${q.queryId} is ${q.state}`);
        }
        const max = input.MaxQueryResults ?? 1000;
        if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) {
          throw new AwsJsonError('InvalidMaxResultsException', 'MaxQueryResults must be from 1 to 1000');
        }
        let offset = 0;
        if (input.NextToken !== undefined) {
          const [id, at] = String(input.NextToken).split(':');
          if (id !== q.queryId || !/^\d+$/.test(at ?? '')) {
            throw new AwsJsonError('InvalidNextTokenException', 'Invalid NextToken');
          }
          offset = Number(at);
        }
        const rows = q.rows ?? [];
        const next = offset + max < rows.length ? offset + max : undefined;
        return {
          QueryStatus: q.state,
          QueryStatistics: {
            ResultsCount: Math.min(max, rows.length - offset),
            TotalResultsCount: rows.length,
          },
          QueryResultRows: rows.slice(offset, offset + max),
          ...(next === undefined ? {} : { NextToken: `${q.queryId}:${next}` }),
        };
      },
      CancelQuery: (input) => {
        const q = query(input);
        if (q.state !== 'QUEUED' && q.state !== 'RUNNING') {
          throw new AwsJsonError('InactiveQueryException', `Query ${q.queryId} is ${q.state}`);
        }
        q.state = 'CANCELLED';
        return { QueryId: q.queryId, QueryStatus: q.state };
      },
    },
  });

  const clientConfig: CloudTrailClientConfig = {
    endpoint: server.endpoint,
    credentials: CLOUDTRAIL_TEST_CREDENTIALS,
    maxAttempts: 1,
  };
  return {
    endpoint: server.endpoint,
    clientConfig,
    client: (config = {}) => new CloudTrailClient({ region: 'us-east-1', ...clientConfig, ...config }),
    loadEvents(region, records, account) {
      const key = `${account ?? '*'}/${region}`;
      const list = history.get(key) ?? [];
      for (const record of records as Array<Record<string, unknown>>) {
        if (record.managementEvent === false) continue;
        const time = Date.parse(String(record.eventTime));
        list.push({ record, time, json: JSON.stringify(record) });
      }
      list.sort((a, b) => b.time - a.time);
      history.set(key, list);
    },
    loadEventDataStore(id, records) {
      const rows = stores.get(id) ?? [];
      for (const record of records) rows.push(lakeRow(record as Record<string, unknown>));
      stores.set(id, rows);
      return `arn:aws:cloudtrail:us-east-1:123456789012:eventdatastore/${id}`;
    },
    putTrails: (list, account) =>
      trails.set(account ?? '*', [...(trails.get(account ?? '*') ?? []), ...list]),
    lookupCalls,
    lakeQueries,
    requests,
    throttleNext: (count, operations) => throttle.arm(count, operations),
    stop: () => server.stop(),
  };
}
