import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The real CloudTrail fixtures of @trailkit/core. */
export const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures/real');

/** All records of the invictus S3 log files (real data from one account, us-east-1), in file order. */
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

/** The records' ids, sorted (for comparing sets of events). */
export const ids = (events: ReadonlyArray<object>) =>
  events.map((e) => String((e as { eventID?: unknown }).eventID)).sort();
