import { readFileSync } from 'node:fs';
import { ConfigError } from '@trailkit/core';
import { optionsTableDrift } from '@trailkit/core/plugin';
import { describe, expect, it } from 'vitest';
import {
  resolveS3SourceOptions,
  resolveSqsSourceOptions,
  S3_SOURCE_OPTIONS,
  SQS_SOURCE_OPTIONS,
} from './options';

function configMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (ConfigError.isInstance(e)) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const QUEUE = 'http://127.0.0.1:1/000000000000/q';

describe('resolveS3SourceOptions / resolveSqsSourceOptions', () => {
  it('fill in the defaults, retries in the pipeline RetryPolicy names', () => {
    expect(resolveS3SourceOptions({ bucket: 'b', prefix: '/logs/', since: '2026-11-01' })).toMatchObject({
      prefix: 'logs/',
      since: Date.parse('2026-11-01'),
      concurrency: 8,
      lookBackMinutes: 15,
      name: 's3',
      retry: { attempts: 5, baseMs: 200, maxMs: 10_000 },
    });
    expect(resolveSqsSourceOptions({ queueUrl: QUEUE, retry: { attempts: 2 } })).toMatchObject({
      waitTimeSeconds: 20,
      visibilityTimeout: 120,
      maxMessages: 10,
      concurrency: 4,
      deadLetter: 'keep',
      name: 'sqs',
      retry: { attempts: 2, baseMs: 200, maxMs: 10_000 },
    });
  });
  it('name the bad option', () => {
    expect(configMessage(() => resolveS3SourceOptions({ bucket: 'b', regions: ['mars'] }))).toBe(
      's3Source: regions[0] must be an AWS region, got "mars"',
    );
    expect(configMessage(() => resolveS3SourceOptions({ bucket: 'b', prefix: 'x/AWSLogs/' }))).toMatch(
      /part before AWSLogs/,
    );
    expect(configMessage(() => resolveS3SourceOptions({ bucket: 'b', retry: { attempts: 0 } }))).toMatch(
      /retry\.attempts must be >= 1/,
    );
    expect(
      configMessage(() =>
        resolveSqsSourceOptions({ queueUrl: QUEUE, s3Client: {} as never, s3ClientConfig: {} }),
      ),
    ).toBe('sqsSource: give s3Client or s3ClientConfig, not both');
  });
  it('the README option tables are the ones generated from the schemas (`pnpm readme:options`)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(optionsTableDrift(readme, S3_SOURCE_OPTIONS, 's3Source')).toBeUndefined();
    expect(optionsTableDrift(readme, SQS_SOURCE_OPTIONS, 'sqsSource')).toBeUndefined();
  });
});
