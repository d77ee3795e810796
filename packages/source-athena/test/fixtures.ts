import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The real CloudTrail fixtures of @trailkit/core. */
export const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures/real');

/** All records of the invictus S3 log files (real data, one account, us-east-1). */
export function invictusRecords(): Array<Record<string, any>> {
  const dir = join(FIXTURES, 'invictus-aws-dataset');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap(
      (name) =>
        (JSON.parse(readFileSync(join(dir, name), 'utf8')) as { Records: Array<Record<string, any>> })
          .Records,
    );
}

/** All records of the stratus-red-team detonation logs (real data, JSON arrays). */
export function stratusRecords(): Array<Record<string, any>> {
  const dir = join(FIXTURES, 'stratus-red-team');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Array<Record<string, any>>);
}
