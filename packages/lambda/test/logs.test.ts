import { pipeline, type TrailEvent } from '@trailkit/core';
import { describe, expect, it } from 'vitest';
import { eventBridgeHandler, jsonLogger } from '../src/index';
import { recordingSink, stratusRecords } from './fixtures';
import { cloudTrailEventBridgeEvent, lambdaContext } from './lambda-events';

describe('structured logs', () => {
  it('one JSON line per log, each with the invocation requestId; the last one counts the invocation', async () => {
    const lines: string[] = [];
    const log = jsonLogger({ write: (line) => lines.push(line), fields: { function: 'auto-response' } });
    const handler = eventBridgeHandler({ pipeline: pipeline().to(recordingSink<TrailEvent>()), log });
    const [record] = stratusRecords('aws.persistence.iam-backdoor-user');
    await handler(cloudTrailEventBridgeEvent(record!), lambdaContext(30_000, 'req-123'));
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.map((p) => p.message)).toEqual(['invocation start', 'invocation done']);
    for (const p of parsed)
      expect(p).toMatchObject({
        requestId: 'req-123',
        handler: 'lambda-eventbridge',
        function: 'auto-response',
      });
    expect(parsed[1]).toMatchObject({
      level: 'info',
      items: 1,
      succeeded: 1,
      failed: [],
      events: 1,
      timedOut: false,
    });
  });
});
