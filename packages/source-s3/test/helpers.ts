import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REAL = fileURLToPath(new URL('../../core/test/fixtures/real/invictus-aws-dataset/', import.meta.url));

/** Real CloudTrail records (invictus-ir/aws_dataset, MIT) from the core fixtures. */
export function realRecords(limit = 400): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const file of readdirSync(REAL).sort()) {
    if (!file.endsWith('.json')) continue;
    const { Records } = JSON.parse(readFileSync(join(REAL, file), 'utf8')) as {
      Records: Record<string, unknown>[];
    };
    out.push(...Records);
    if (out.length >= limit) break;
  }
  return out.slice(0, limit);
}
