/**
 * Benchmark: mapping Athena result rows back to CloudTrail records (`rowToEvent`, which parses struct cells
 * and JSON-string columns) against `JSON.parse` of the same records' JSON text, in the same run.
 *
 *   pnpm --filter @trailkit/source-athena bench
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { recordToRow, renderValue } from '@trailkit/testing';
import { CLOUDTRAIL_COLUMNS } from '../src/cloudtrail-columns';
import { rowToEvent } from '../src/row-to-event';

const dir = join(import.meta.dirname, '../../core/test/fixtures/real/invictus-aws-dataset');
const records: Array<Record<string, unknown>> = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')).Records);
const names = [...CLOUDTRAIL_COLUMNS.map((c) => c.column), 'account', 'region', 'timestamp'];
const rows = records.map((record) => {
  const row = recordToRow(record);
  return names.map((name) => renderValue(row[name] ?? null));
});
const texts = records.map((record) => JSON.stringify(record));

function time(fn: () => void, rounds: number): number {
  fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i += 1) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / rounds;
}

const rounds = 20;
let sink = 0;
const baseline = time(() => {
  for (const text of texts) sink += Object.keys(JSON.parse(text)).length;
}, rounds);
const mapping = time(() => {
  for (const cells of rows) sink += Object.keys(rowToEvent(names, cells)).length;
}, rounds);
console.log(
  JSON.stringify(
    {
      records: records.length,
      jsonParseMsPerPass: Number(baseline.toFixed(2)),
      rowToEventMsPerPass: Number(mapping.toFixed(2)),
      ratio: Number((mapping / baseline).toFixed(2)),
      rowsPerSecond: Math.round(records.length / (mapping / 1000)),
      checksum: sink,
    },
    null,
    2,
  ),
);
