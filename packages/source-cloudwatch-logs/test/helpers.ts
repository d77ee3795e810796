import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceBatch } from '@trailkit/core';

/** The real CloudTrail fixtures of @trailkit/core. */
export const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures/real');

/** All records of the invictus S3 log files (real data; many share a timestamp to the second). */
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

/** Event ids of batches, in order. */
export const eventIds = (batches: SourceBatch[]) =>
  batches.flatMap((b) => b.events.map((e) => e.eventID as string));

/** Wait until `check()` is true (polling every 5 ms), or fail after `ms`. */
export async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
