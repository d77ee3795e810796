import { readFileSync } from 'node:fs';
import { getOrigin, pipeline, type TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { cloudWatchLogsHandler, InvocationFailedError, keepOpen } from '../src/index';
import { recordingSink, stratusRecords } from './fixtures';
import { cloudWatchLogsEvent, lambdaContext } from './lambda-events';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/** A real subscription payload (open-telemetry/opentelemetry-collector-contrib, Apache-2.0), decompressed. */
const OTEL = new URL(
  '../../core/test/fixtures/real/otel-collector-contrib/cloudtrail_log_cw.json',
  import.meta.url,
);

describe('cloudWatchLogsHandler', () => {
  it('decodes awslogs.data (base64 gzip) into the records of its log events', async () => {
    const records = stratusRecords('aws.credential-access.secretsmanager-retrieve-secrets');
    const sink = recordingSink<TrailEvent>();
    const handler = cloudWatchLogsHandler({ pipeline: pipeline().to(sink), log: quiet });
    const outcome = await handler(cloudWatchLogsEvent(records), lambdaContext(30_000));
    expect(outcome.failed).toEqual([]);
    expect(sink.items.map((e) => e.eventID)).toEqual(records.map((r) => r.eventID));
    expect(getOrigin(sink.items[0]!)?.source).toBe('cloudwatch-logs');
  });

  it('reads the real otel-collector payload (an S3 data event)', async () => {
    const payload = JSON.parse(readFileSync(OTEL, 'utf8')) as { logEvents: Array<{ message: string }> };
    const sink = recordingSink<TrailEvent>();
    const handler = cloudWatchLogsHandler({ pipeline: pipeline().to(sink), log: quiet });
    await handler(cloudWatchLogsEvent(payload.logEvents.map((e) => e.message)), lambdaContext(30_000));
    expect(sink.items).toHaveLength(1);
    expect(sink.items[0]).toMatchObject({ eventSource: 's3.amazonaws.com', eventCategory: 'Data' });
  });

  it('a CONTROL_MESSAGE yields nothing; a bad message is skipped and counted (one container, two invocations)', async () => {
    const sink = recordingSink<TrailEvent>();
    const handler = cloudWatchLogsHandler({ pipeline: pipeline().to(keepOpen(sink)), log: quiet });
    const control = await handler(
      cloudWatchLogsEvent(['CWL CONTROL MESSAGE: Checking health of destination'], 'CONTROL_MESSAGE'),
      lambdaContext(30_000),
    );
    expect(control.summary?.events.read).toBe(0);
    const [record] = stratusRecords('aws.defense-evasion.cloudtrail-stop');
    const mixed = await handler(cloudWatchLogsEvent(['not json', record!]), lambdaContext(30_000));
    expect(mixed.summary?.events.invalid).toBe(1);
    expect(sink.items.map((e) => e.eventName)).toEqual(['StopLogging']);
  });

  it('throws InvocationFailedError for data that is not a payload (Lambda retries it)', async () => {
    const handler = cloudWatchLogsHandler({
      pipeline: pipeline().to(recordingSink()),
      log: quiet,
      onInvalid: 'fail',
    });
    const error = await handler(
      { awslogs: { data: Buffer.from('hello').toString('base64') } },
      lambdaContext(30_000),
    ).catch((e) => e);
    expect(InvocationFailedError.isInstance(error)).toBe(true);
    expect(error.failed[0].id).toBe('awslogs');
  });
});
