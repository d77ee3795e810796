/**
 * A source's option error in the words of the command line: `s3Source: regions[0] must be an AWS region`
 * becomes `--region: must be an AWS region`, so the user reads the option they typed, not a component name.
 */
import { ConfigError } from '@trailkit/core';
import { UsageError } from './errors';

/** Source option names and the `trailkit scan` options (or input parts) that set them. */
const FLAGS: Readonly<Record<string, string>> = {
  accounts: '--account',
  regions: '--region',
  organizationId: '--org-id',
  since: '--since',
  until: '--until',
  concurrency: '--concurrency',
  pattern: '--pattern',
  workGroup: '--workgroup',
  outputLocation: '--output-location',
  bucket: 's3://<bucket>',
  prefix: 's3://<bucket>/<prefix>',
  queueUrl: 'sqs://<queue>',
  logGroupName: 'cwl://<log group>',
  database: 'athena://<database>.<table>',
  table: 'athena://<database>.<table>',
  eventDataStore: 'lake://<event data store>',
  roleName: '--assume-role',
  externalId: '--external-id',
};

/**
 * The {@link UsageError} to show for `error` when it is a source's `ConfigError` about an option the
 * command line sets; otherwise `error` unchanged.
 */
export function asOptionError(error: unknown): unknown {
  if (!ConfigError.isInstance(error)) return error;
  const match = /^\w+: (\w+)(?:\[\d+\])?(?::\s*|\s+)(.*)$/s.exec(error.message);
  const flag = match ? FLAGS[match[1] as string] : undefined;
  if (!match || flag === undefined) return error;
  return new UsageError(`${flag}: ${match[2]}`);
}
