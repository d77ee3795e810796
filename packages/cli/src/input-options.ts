/** Options that only some inputs read: given for another input, they are a usage error, not ignored. */
import { UsageError } from './errors';
import type { InputKind } from './inputs';

/** Each input-specific option (as typed) with the inputs it applies to and its key in the parsed options. */
const INPUT_OPTIONS: ReadonlyArray<{ flag: string; key: string; kinds: readonly InputKind[] }> = [
  { flag: '--follow', key: 'follow', kinds: ['cwl'] },
  { flag: '--stop-when-empty', key: 'stopWhenEmpty', kinds: ['sqs'] },
  { flag: '--s3-endpoint', key: 's3Endpoint', kinds: ['sqs'] },
  { flag: '--workgroup', key: 'workgroup', kinds: ['athena'] },
  { flag: '--output-location', key: 'outputLocation', kinds: ['athena'] },
  { flag: '--org-id', key: 'orgId', kinds: ['s3'] },
  { flag: '--workers', key: 'workers', kinds: ['files'] },
  { flag: '--endpoint', key: 'endpoint', kinds: ['s3', 'sqs', 'cwl', 'athena', 'lookup', 'lake'] },
  { flag: '--client-region', key: 'clientRegion', kinds: ['s3', 'sqs', 'cwl', 'athena', 'lookup', 'lake'] },
  { flag: '--aws-region', key: 'awsRegion', kinds: ['s3', 'sqs', 'cwl', 'athena', 'lookup', 'lake'] },
];

const SCHEME: Record<InputKind, string> = {
  files: 'local paths',
  s3: 's3://',
  sqs: 'sqs://',
  cwl: 'cwl://',
  athena: 'athena://',
  lookup: 'lookup://',
  lake: 'lake://',
  duckdb: 'duckdb://',
};

/**
 * Refuse an option given for an input it does not apply to (`--follow` on a folder), naming the option and
 * the inputs it is for. Also `--gzip` without `--out` and `--external-id` without `--assume-role`.
 * @throws {@link UsageError}
 */
export function checkInputOptions(kind: InputKind, options: Readonly<Record<string, unknown>>): void {
  for (const o of INPUT_OPTIONS) {
    const value = options[o.key];
    if (value === undefined || value === false || o.kinds.includes(kind)) continue;
    throw new UsageError(
      `${o.flag} applies to ${o.kinds.map((k) => SCHEME[k]).join(', ')} inputs only, not to ${SCHEME[kind]}`,
    );
  }
  if (options.externalId !== undefined && !options.assumeRole) {
    throw new UsageError('--external-id goes with --assume-role <role name> (the external id of that role)');
  }
  if (options.gzip && options.out === undefined) {
    throw new UsageError('--gzip compresses what --out writes: give --out <dir|file>');
  }
}
