import type { S3Client } from '@aws-sdk/client-s3';
import { type Finding, pipeline, threatRules, type TrailEvent } from '@trailkit/core';
import { type S3Server, startS3Server } from '@trailkit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvocationFailedError, s3Handler } from '../src/index';
import { putLogFile, recordingSink, stratusRecords } from './fixtures';
import { lambdaContext, objectCreatedEvent, s3Event, snsEvent } from './lambda-events';

const BUCKET = 'trail';
let server: S3Server;
let s3: S3Client;
let stopKey: string;
let sgKey: string;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

beforeAll(async () => {
  server = await startS3Server({ buckets: [BUCKET] });
  s3 = server.client();
  stopKey = await putLogFile(
    s3,
    BUCKET,
    stratusRecords('aws.defense-evasion.cloudtrail-stop'),
    'stoplogging00001',
  );
  sgKey = await putLogFile(
    s3,
    BUCKET,
    stratusRecords('aws.exfiltration.ec2-security-group-open-port-22-ingress'),
    'sgopen0000000001',
  );
});
afterAll(async () => {
  await server.stop();
});

function detectingHandler() {
  const findings = recordingSink<Finding>();
  const handler = s3Handler({
    pipeline: pipeline().detect(threatRules()).to(findings),
    client: s3,
    log: quiet,
  });
  return { handler, findings };
}

const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule.id).sort();

describe('s3Handler', () => {
  it('S3 event (direct) → findings from the real records', async () => {
    const { handler, findings } = detectingHandler();
    const outcome = await handler(s3Event(BUCKET, [stopKey, sgKey]), lambdaContext(30_000));
    expect(outcome.succeeded).toEqual([`s3://${BUCKET}/${stopKey}`, `s3://${BUCKET}/${sgKey}`]);
    expect(outcome.summary?.events.read).toBe(2);
    expect(rules(findings.items)).toEqual(
      expect.arrayContaining(['threats.cloudtrail-stopped', 'threats.security-group-open-to-world']),
    );
  });

  it('via SNS and via EventBridge Object Created', async () => {
    const viaSns = detectingHandler();
    await viaSns.handler(snsEvent(BUCKET, stopKey), lambdaContext(30_000));
    expect(rules(viaSns.findings.items)).toContain('threats.cloudtrail-stopped');
    const viaEventBridge = detectingHandler();
    const outcome = await viaEventBridge.handler(objectCreatedEvent(BUCKET, sgKey), lambdaContext(30_000));
    expect(outcome.succeeded).toEqual([`s3://${BUCKET}/${sgKey}`]);
    expect(rules(viaEventBridge.findings.items)).toContain('threats.security-group-open-to-world');
  });

  it('throws InvocationFailedError naming the object it could not read, after writing the others', async () => {
    const events = recordingSink<TrailEvent>();
    const handler = s3Handler({ pipeline: pipeline().to(events), client: s3, log: quiet });
    const missing = stopKey.replace('stoplogging00001', 'missing000000001');
    const error = await handler(s3Event(BUCKET, [missing, sgKey]), lambdaContext(30_000)).catch((e) => e);
    expect(InvocationFailedError.isInstance(error)).toBe(true);
    expect(error.code).toBe('LAMBDA_ITEMS_FAILED');
    expect(error.failed.map((f: { id: string }) => f.id)).toEqual([`s3://${BUCKET}/${missing}`]);
    expect(events.items).toHaveLength(1);
  });
});
