import { describe, expect, it } from 'vitest';
import { envCredentials, parseInput } from './inputs';

describe('parseInput', () => {
  it.each([
    ['samples/AWSLogs', { kind: 'files', path: 'samples/AWSLogs' }],
    ['logs/**/*.json.gz', { kind: 'files', path: 'logs/**/*.json.gz' }],
    ['file:///tmp/x.json', { kind: 'files', path: '/tmp/x.json' }],
    ['s3://trail-bucket', { kind: 's3', bucket: 'trail-bucket', prefix: '' }],
    ['s3://trail-bucket/org/AWSLogs/', { kind: 's3', bucket: 'trail-bucket', prefix: 'org/AWSLogs/' }],
    [
      'sqs://https://sqs.us-east-1.amazonaws.com/123456789012/trail',
      { kind: 'sqs', queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/trail' },
    ],
    [
      'sqs://127.0.0.1:9324/000000000000/q',
      { kind: 'sqs', queueUrl: 'https://127.0.0.1:9324/000000000000/q' },
    ],
    ['cwl://aws-cloudtrail-logs-123', { kind: 'cwl', logGroupName: 'aws-cloudtrail-logs-123' }],
    ['cwl:///aws/cloudtrail/org', { kind: 'cwl', logGroupName: '/aws/cloudtrail/org' }],
    ['athena://default.cloudtrail_logs', { kind: 'athena', database: 'default', table: 'cloudtrail_logs' }],
  ])('%s', (input, expected) => {
    expect(parseInput(input)).toEqual(expected);
  });

  it.each([
    ['s3://', /s3:\/\/<bucket>/],
    ['sqs://', /sqs:\/\/<queue-url>/],
    ['cwl://', /cwl:\/\/<log-group>/],
    ['athena://only-db', /athena:\/\/<database>.<table>/],
    ['gs://bucket', /unknown input scheme "gs:\/\/"/],
  ])('rejects %s', (input, message) => {
    expect(() => parseInput(input)).toThrow(message);
  });
});

describe('envCredentials', () => {
  it('uses static keys only when both are set', () => {
    expect(envCredentials({ AWS_ACCESS_KEY_ID: 'a' })).toBeUndefined();
    expect(envCredentials({ AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toEqual({
      accessKeyId: 'a',
      secretAccessKey: 'b',
      sessionToken: undefined,
    });
  });
});
