import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../../core/test/fixtures/real');

/** The 2023-07-10 12:00 invictus log file of core's real fixtures: its records, as AWS wrote them. */
export function invictusRecords(): Array<Record<string, any>> {
  const file = join(
    FIXTURES,
    'invictus-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json',
  );
  return (JSON.parse(readFileSync(file, 'utf8')) as { Records: Array<Record<string, any>> }).Records;
}
