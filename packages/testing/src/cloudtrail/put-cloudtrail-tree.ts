import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { BUILTIN_RECORDS } from './builtin-records';
import {
  cloudTrailDayPrefix,
  digestFileName,
  insightFileName,
  logFileName,
  type TrailLocation,
} from './cloudtrail-key';

/** Options of {@link putCloudTrailTree}. */
export interface CloudTrailTreeOptions extends TrailLocation {
  /** Account ids (12 digits). */
  accounts: readonly string[];
  /** Regions, e.g. `['us-east-1', 'eu-west-1']`. */
  regions: readonly string[];
  /** UTC days as `YYYY-MM-DD`. */
  days: readonly string[];
  /** Log files per account, region and day, spread evenly over the day (default 2). */
  filesPerDay?: number;
  /** Records in each log file. */
  recordsPerFile: number;
  /**
   * Record templates, used round-robin (default: a small built-in set of real records). Each written record
   * is a copy with a fresh `eventID`, and `eventTime`, `awsRegion` and `recipientAccountId` set to fit its file.
   */
  records?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /**
   * How far before its file's time a record may be, in minutes (default 5). CloudTrail delivers events up to
   * about 15 minutes late; use 15 to exercise look-back logic. Records are spread evenly over the span.
   */
  maxDelayMinutes?: number;
  /** Also write one digest file per account, region and day (default true). */
  digests?: boolean;
  /** Also write one Insights file per account, region and day (default false). */
  insights?: boolean;
  /** Also write a non-log object (`.../README.txt`) in each day folder (default false). */
  nonLogObjects?: boolean;
  /** Trail name used in digest file names (default `trail`). */
  trailName?: string;
  /** Parallel uploads (default 8). */
  concurrency?: number;
}

/** One log file written by {@link putCloudTrailTree}. */
export interface UploadedLogFile {
  key: string;
  account: string;
  region: string;
  /** The time in the file name. */
  time: Date;
  /** Gzip bytes. */
  bytes: number;
  /** `eventID` and `eventTime` of each record, in file order. */
  events: Array<{ eventID: string; eventTime: string }>;
}

/** What {@link putCloudTrailTree} wrote. */
export interface UploadedTree {
  bucket: string;
  /** Log files in key order. */
  logFiles: UploadedLogFile[];
  digestKeys: string[];
  insightKeys: string[];
  nonLogKeys: string[];
  /** Records in all log files. */
  totalRecords: number;
}

/**
 * Upload a realistic CloudTrail tree: `[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/`
 * with gzip log files named as CloudTrail names them (`{"Records":[...]}` bodies), plus digest, Insights and
 * non-log objects on request. Returns what it uploaded.
 */
export async function putCloudTrailTree(
  client: S3Client,
  bucket: string,
  options: CloudTrailTreeOptions,
): Promise<UploadedTree> {
  const templates = options.records ?? BUILTIN_RECORDS;
  if (templates.length === 0) throw new Error('putCloudTrailTree: records must not be empty');
  const filesPerDay = options.filesPerDay ?? 2;
  const delayMs = (options.maxDelayMinutes ?? 5) * 60_000;
  const uploads: Array<{ key: string; body: Buffer }> = [];
  const tree: UploadedTree = {
    bucket,
    logFiles: [],
    digestKeys: [],
    insightKeys: [],
    nonLogKeys: [],
    totalRecords: 0,
  };
  let template = 0;

  for (const account of options.accounts) {
    for (const region of options.regions) {
      for (const dayText of options.days) {
        const day = parseDay(dayText);
        const folder = cloudTrailDayPrefix(options, account, region, day);
        for (let file = 0; file < filesPerDay; file++) {
          // files at 00:05 + i * (24h / filesPerDay), rounded to 5 minutes like CloudTrail's delivery
          const offset = Math.floor(((file * 24 * 60) / filesPerDay + 5) / 5) * 5 * 60_000;
          const time = new Date(day.getTime() + offset);
          const records: Record<string, unknown>[] = [];
          const events: UploadedLogFile['events'] = [];
          for (let i = 0; i < options.recordsPerFile; i++) {
            const eventTime = new Date(
              time.getTime() - Math.floor(((i + 1) * delayMs) / (options.recordsPerFile + 1)),
            );
            const eventID = randomUUID();
            const eventTimeText = eventTime.toISOString().replace(/\.\d{3}Z$/, 'Z');
            const source = templates[template++ % templates.length]!;
            records.push({
              ...structuredClone(source),
              eventTime: eventTimeText,
              eventID,
              awsRegion: region,
              recipientAccountId: account,
            });
            events.push({ eventID, eventTime: eventTimeText });
          }
          const body = gzipSync(JSON.stringify({ Records: records }));
          const key = folder + logFileName(account, region, time);
          uploads.push({ key, body });
          tree.logFiles.push({ key, account, region, time, bytes: body.length, events });
          tree.totalRecords += records.length;
        }
        if (options.digests ?? true) {
          const key =
            cloudTrailDayPrefix(options, account, region, day, 'CloudTrail-Digest') +
            digestFileName(
              account,
              region,
              options.trailName ?? 'trail',
              new Date(day.getTime() + 3_600_000),
            );
          uploads.push({ key, body: gzipSync(JSON.stringify(digestBody(bucket, account, day))) });
          tree.digestKeys.push(key);
        }
        if (options.insights) {
          const time = new Date(day.getTime() + 3_600_000);
          const key =
            cloudTrailDayPrefix(options, account, region, day, 'CloudTrail-Insight') +
            insightFileName(account, region, time);
          uploads.push({ key, body: gzipSync(JSON.stringify(insightBody(account, region, time))) });
          tree.insightKeys.push(key);
        }
        if (options.nonLogObjects) {
          const key = `${folder}README.txt`;
          uploads.push({ key, body: Buffer.from('not a log file\n') });
          tree.nonLogKeys.push(key);
        }
      }
    }
  }

  await runConcurrently(uploads, options.concurrency ?? 8, ({ key, body }) =>
    client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
  );
  tree.logFiles.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return tree;
}

function parseDay(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text))
    throw new Error(`putCloudTrailTree: day must be YYYY-MM-DD: ${text}`);
  return new Date(`${text}T00:00:00Z`);
}

function digestBody(bucket: string, account: string, day: Date) {
  return {
    awsAccountId: account,
    digestStartTime: new Date(day.getTime()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    digestEndTime: new Date(day.getTime() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    digestS3Bucket: bucket,
    digestS3Object: 'placeholder',
    digestPublicKeyFingerprint: '0123456789abcdef0123456789abcdef',
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: null,
    oldestEventTime: null,
    previousDigestS3Bucket: null,
    previousDigestS3Object: null,
    previousDigestHashValue: null,
    previousDigestHashAlgorithm: null,
    previousDigestSignature: null,
    logFiles: [],
  };
}

function insightBody(account: string, region: string, time: Date) {
  return {
    Records: [
      {
        eventVersion: '1.08',
        eventTime: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        awsRegion: region,
        eventID: randomUUID(),
        eventType: 'AwsCloudTrailInsight',
        recipientAccountId: account,
        sharedEventID: randomUUID(),
        insightDetails: { state: 'Start', eventSource: 'ec2.amazonaws.com', eventName: 'RunInstances' },
        eventCategory: 'Insight',
      },
    ],
  };
}

async function runConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
