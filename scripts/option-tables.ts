/**
 * Write each plugin README's option table from the plugin's schema (between `<!-- options:start -->` and
 * `<!-- options:end -->`). Run `pnpm readme:options` after changing a schema; each package's
 * `options.test.ts` fails while its README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withOptionsTable, type OptionsSchema } from '../packages/core/src/plugin/index';
import { S3_SOURCE_OPTIONS, SQS_SOURCE_OPTIONS } from '../packages/source-s3/src/options';
import { ATHENA_SOURCE_OPTIONS } from '../packages/source-athena/src/options';
import { CLOUDWATCH_LOGS_SOURCE_OPTIONS } from '../packages/source-cloudwatch-logs/src/options';
import { FILE_SINK_OPTIONS } from '../packages/sink-file/src/options';
import { SLACK_SINK_OPTIONS } from '../packages/sink-slack/src/options';
import { WEBHOOK_SINK_OPTIONS } from '../packages/sink-webhook/src/options';

/** README path (from the repository root) → its table's schema, or each named block's schema. */
const TABLES: Record<string, OptionsSchema | Record<string, OptionsSchema>> = {
  'packages/source-s3/README.md': { s3Source: S3_SOURCE_OPTIONS, sqsSource: SQS_SOURCE_OPTIONS },
  'packages/source-athena/README.md': ATHENA_SOURCE_OPTIONS,
  'packages/source-cloudwatch-logs/README.md': CLOUDWATCH_LOGS_SOURCE_OPTIONS,
  'packages/sink-file/README.md': FILE_SINK_OPTIONS,
  'packages/sink-slack/README.md': SLACK_SINK_OPTIONS,
  'packages/sink-webhook/README.md': WEBHOOK_SINK_OPTIONS,
};

for (const [path, tables] of Object.entries(TABLES)) {
  const before = readFileSync(path, 'utf8');
  const blocks: Array<[OptionsSchema, string | undefined]> =
    'properties' in tables
      ? [[tables as OptionsSchema, undefined]]
      : Object.entries(tables as Record<string, OptionsSchema>).map(([block, schema]) => [schema, block]);
  let after = before;
  for (const [schema, block] of blocks) after = withOptionsTable(after, schema, block);
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${path}`);
  }
}
