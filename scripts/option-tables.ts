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
import { OCSF_OPTIONS } from '../packages/ocsf/src/options';
import { SLACK_SINK_OPTIONS } from '../packages/sink-slack/src/options';
import { WEBHOOK_SINK_OPTIONS } from '../packages/sink-webhook/src/options';
import { MULTI_ACCOUNT_SOURCE_SCHEMA } from '../packages/multi-account/src/options';
import { VERIFY_TRAIL_SCHEMA } from '../packages/verify/src/options';
import { HANDLER_OPTIONS_SCHEMA } from '../packages/lambda/src/options';
import { REPORT_OPTIONS_SCHEMA } from '../packages/report/src/options';
import {
  CLOUDTRAIL_LAKE_SOURCE_SCHEMA,
  LOOKUP_EVENTS_SOURCE_SCHEMA,
} from '../packages/source-cloudtrail/src/options';

/** README path (from the repository root) → its table's schema, or each named block's schema. */
const TABLES: Record<string, OptionsSchema | Record<string, OptionsSchema>> = {
  'packages/source-s3/README.md': { s3Source: S3_SOURCE_OPTIONS, sqsSource: SQS_SOURCE_OPTIONS },
  'packages/source-athena/README.md': ATHENA_SOURCE_OPTIONS,
  'packages/source-cloudwatch-logs/README.md': CLOUDWATCH_LOGS_SOURCE_OPTIONS,
  'packages/sink-file/README.md': FILE_SINK_OPTIONS,
  'packages/ocsf/README.md': OCSF_OPTIONS,
  'packages/sink-slack/README.md': SLACK_SINK_OPTIONS,
  'packages/sink-webhook/README.md': WEBHOOK_SINK_OPTIONS,
  'packages/multi-account/README.md': MULTI_ACCOUNT_SOURCE_SCHEMA,
  'packages/verify/README.md': VERIFY_TRAIL_SCHEMA,
  'packages/lambda/README.md': HANDLER_OPTIONS_SCHEMA,
  'packages/report/README.md': REPORT_OPTIONS_SCHEMA,
};

/** READMEs with one unnamed table per section: the heading that starts each section → its schema. */
const SECTIONS: Record<string, Array<[string, OptionsSchema]>> = {
  'packages/source-cloudtrail/README.md': [
    ['', LOOKUP_EVENTS_SOURCE_SCHEMA],
    ['## `cloudTrailLakeSource` options', CLOUDTRAIL_LAKE_SOURCE_SCHEMA],
  ],
};

for (const [path, sections] of Object.entries(SECTIONS)) {
  const before = readFileSync(path, 'utf8');
  const cuts = sections.map(([heading]) => (heading === '' ? 0 : before.indexOf(heading)));
  if (cuts.some((c) => c < 0)) throw new Error(`${path}: a section heading is missing`);
  let after = '';
  sections.forEach(([, schema], i) => {
    after += withOptionsTable(before.slice(cuts[i], cuts[i + 1] ?? before.length), schema);
  });
  if (after !== before) {
    writeFileSync(path, after);
    console.log(`updated ${path}`);
  }
}

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
