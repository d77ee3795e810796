/** `trailkit` command line: argument parsing, dispatch, error reporting and exit codes. */
import { SEVERITIES } from '@trailkit/core';
import { Command, CommanderError, Option } from 'commander';
import { describeError, EXIT, exitCodeFor, isUserError } from './errors';
import type { CliIo } from './io';
import { processIo } from './io';
import {
  collectAccounts,
  collectList,
  FORMATS,
  parseFormat,
  parseOnInvalid,
  parsePositiveInt,
  parseSeverity,
  parseWorkers,
} from './options';
import { registerAuditCommand } from './audit';
import { addReportCommand } from './report';
import { type RulesListOptions, rulesList, rulesTest } from './rules';
import { registerPatternCommand } from './pattern-test';
import { registerQueryCommand } from './query';
import { type ScanOptions, scan } from './scan';
import { VERIFY_HELP, type VerifyOptions, verify } from './verify';
import { VERSION } from './version';

const SCAN_EXAMPLES = `
Inputs:
  ./logs  AWSLogs/  'logs/**/*.json.gz'   local files and folders (gzip or plain JSON, any CloudTrail shape)
  s3://bucket/prefix                      a CloudTrail bucket (--endpoint for S3-compatible stores, --org-id)
  sqs://<queue-url>                       S3 event notifications through SQS (messages deleted once written)
  cwl://<log-group>                       a CloudWatch Logs log group (--follow to tail it)
  athena://<database>.<table>             an Athena CloudTrail table (--workgroup, --output-location)
  lookup://[region,...]                   event history (LookupEvents; default: --region, else every enabled region)
  lake://<event data store>               a CloudTrail Lake event data store (ARN or ID)
  duckdb://<path>                         local files through embedded DuckDB (filters pushed into SQL)

Examples:
  $ trailkit scan samples --rules cis,threats
  $ trailkit scan AWSLogs/ --since 7d --region us-east-1,eu-west-1 --format ndjson > events.ndjson
  $ trailkit scan logs/ --pattern '{ $.errorCode = "AccessDenied*" }' --format table
  $ trailkit scan s3://my-trail-bucket --since 24h --rules cis --fail-on high --summary
  $ trailkit scan logs/ --rules ./my-rules.yaml --out findings/ --checkpoint .trailkit/state.json

Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or input error, 3 unexpected error,
130 interrupted (Ctrl-C) or 143 terminated (SIGTERM) before the input was finished.`;

/**
 * Run the `trailkit` command line with `argv` (arguments after `node bin.js`) and resolve with the exit code.
 * Never calls `process.exit`; everything goes through `io`.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.OK;
  const program = new Command()
    .name('trailkit')
    .description('Read, filter and detect on AWS CloudTrail events.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => {
        io.stdout.write(text);
      },
      writeErr: (text) => {
        io.stderr.write(text);
      },
      outputError: (text, write) => write(`trailkit: ${text.replace(/^error: /, '')}`),
    });

  program
    .command('scan')
    .description('scan CloudTrail events: filter them, run detection rules, print or save the results')
    .argument(
      '<input...>',
      'paths, globs, or one s3://, sqs://, cwl://, athena://, lookup://, lake://, duckdb:// URI',
    )
    .option(
      '-p, --pattern <pattern>',
      'CloudWatch Logs filter pattern, e.g. \'{ $.eventName = "ConsoleLogin" }\'',
    )
    .option(
      '-r, --rules <list>',
      'rule packs, files, folders and globs, comma separated: cis, threats, ./my-rules.yaml, ./sigma/ (Sigma rules too)',
    )
    .option('--strict', 'with --rules: fail on an unsupported Sigma rule in a folder instead of skipping it')
    .option('--since <time>', 'only events at or after: ISO date/time, or a duration ago (30m, 24h, 7d)')
    .option('--until <time>', 'only events before: ISO date/time, or a duration ago')
    .option(
      '-a, --account <ids>',
      'only these accounts: 12-digit ids (repeatable, or comma separated)',
      collectAccounts,
    )
    .option('--region <regions>', 'only these regions (repeatable, or comma separated)', collectList)
    .addOption(
      new Option(
        '-f, --format <format>',
        `output format: ${FORMATS.join(', ')} (parquet: what --out writes; the terminal shows the table)`,
      )
        .default('table')
        .argParser(parseFormat),
    )
    .option(
      '-o, --out <dir|file>',
      'also write results: a directory (partitioned; NDJSON, or Parquet with --format parquet), or a .ndjson[.gz] / .jsonl[.gz] / .csv[.gz] / .parquet file',
    )
    .option('--gzip', 'with --out: gzip the files written')
    .option('--dedupe', 'drop events whose eventID was already seen (copies of the same logs)')
    .option('--wide', '--format table: every column at full width (default: fit the terminal)')
    .option('-v, --verbose', 'name every skipped file and every bad record on stderr')
    .option('--allow-empty', 'exit 0 when the inputs hold nothing to read (default: exit 2)')
    .option('--checkpoint <file>', 'save progress here and resume from it on the next run')
    .addOption(
      new Option('--on-invalid <policy>', 'bad input: skip (count and go on) or fail (stop, exit 2)')
        .default('skip')
        .argParser(parseOnInvalid),
    )
    .option('--summary', 'print the run summary as JSON on stderr')
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when findings at or above this severity exist: ${[...SEVERITIES].reverse().join(', ')}`,
      ).argParser(parseSeverity),
    )
    .addOption(
      new Option('-c, --concurrency <n>', 'objects read at once').argParser((v) =>
        parsePositiveInt('--concurrency', v),
      ),
    )
    .addOption(
      new Option(
        '--workers <n>',
        'local files: threads that read, filter and pre-select for --rules (1: none; default auto, see the README)',
      ).argParser(parseWorkers),
    )
    .addOption(
      new Option('--max-rows <n>', 'rows shown by --format table')
        .default(100)
        .argParser((v) => parsePositiveInt('--max-rows', v)),
    )
    .option('--endpoint <url>', 'AWS endpoint URL (S3-compatible stores, local emulators)')
    .option('--s3-endpoint <url>', 'sqs:// only: S3 endpoint for the notified objects (default: --endpoint)')
    .option(
      '--client-region <region>',
      'region of the AWS API clients, not a filter (default: $AWS_REGION or us-east-1)',
    )
    .addOption(new Option('--aws-region <region>', 'old name of --client-region').hideHelp())
    .option('--org-id <id>', 'organization id of an organization trail (o-xxxxxxxxxx)')
    .option('--follow', 'cwl:// only: keep tailing the log group')
    .option('--stop-when-empty', 'sqs:// only: stop when the queue is empty (default: run until Ctrl-C)')
    .option('--workgroup <name>', 'athena:// only: Athena workgroup')
    .option('--output-location <s3-uri>', 'athena:// only: query results location')
    .option('--assume-role <name>', 'read each account (--account, or --accounts-from-org) through this role')
    .option('--external-id <id>', 'the external id --assume-role needs')
    .option(
      '--accounts-from-org',
      'with --assume-role: every ACTIVE account of the organization (ListAccounts)',
    )
    .option('--no-progress', 'no progress bar (it is only drawn on a terminal, never in CI)')
    .addHelpText('after', SCAN_EXAMPLES)
    .action(async (inputs: string[], options: ScanOptions) => {
      exitCode = await scan(inputs, options, io);
    });

  addReportCommand(program, io, (code) => {
    exitCode = code;
  });
  const rules = program.command('rules').description('list detection rules, run their tests');
  rules
    .command('list')
    .description('list rules: id, severity, ATT&CK, pack or file, the events they need')
    .option('-r, --rules <list>', 'rule packs, files, folders, globs (Sigma or trailkit)', 'all')
    .option('--strict', 'fail on an unsupported Sigma rule in a folder instead of skipping it')
    .addOption(
      new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'),
    )
    .action(async (options: RulesListOptions) => {
      exitCode = await rulesList(options, io);
    });
  rules
    .command('test')
    .description('run the tests carried by rules files (exit 1 when one fails)')
    .argument('<files...>', 'rules files (or folders of them) with "tests:"')
    .addOption(
      new Option('-f, --format <format>', 'table or json').choices(['table', 'json']).default('table'),
    )
    .action(async (files: string[], options: { format: 'table' | 'json' }) => {
      exitCode = await rulesTest(files, options, io);
    });
  registerPatternCommand(program, io, (code) => {
    exitCode = code;
  });
  program
    .command('verify')
    .description('validate CloudTrail log file integrity: digest signatures and chain, log file hashes, gaps')
    .argument('<location>', 's3://bucket[/prefix] or a directory holding AWSLogs/')
    .option('--since <time>', 'start of the range (required): ISO date/time, or a duration ago (24h, 7d)')
    .option('--until <time>', 'end of the range (default: now)')
    .option('-a, --account <ids>', 'only these accounts (repeatable, or comma separated)', collectList)
    .option('--region <regions>', 'only these regions (repeatable, or comma separated)', collectList)
    .option('--org-id <id>', 'only this organization (o-xxxxxxxxxx) of an organization trail')
    .option('--endpoint <url>', 'S3 endpoint URL (S3-compatible stores, local emulators)')
    .option('--cloudtrail-endpoint <url>', 'CloudTrail endpoint URL for ListPublicKeys')
    .option('--aws-region <region>', 'region of the AWS API clients (default: $AWS_REGION or us-east-1)')
    .option('--public-keys <file>', 'public keys from `aws cloudtrail list-public-keys` output (offline)')
    .option('-f, --format <format>', 'output: table (problems, then a summary) or json', 'table')
    .addOption(
      new Option('-c, --concurrency <n>', 'objects read and hashed at once (default 16)').argParser((v) =>
        parsePositiveInt('--concurrency', v),
      ),
    )
    .option('--checkpoint <file>', 'save progress (per account and region) and resume from it')
    .option('--no-progress', 'no progress bar (it is only drawn on a terminal, never in CI)')
    .addHelpText('after', VERIFY_HELP)
    .action(async (location: string, options: VerifyOptions) => {
      exitCode = await verify(location, options, io);
    });
  registerAuditCommand(program, io, (code) => {
    exitCode = code;
  });
  registerQueryCommand(program, io, (code) => {
    exitCode = code;
  });

  program.addHelpText('after', '\nRun "trailkit scan --help" for the scan options and examples.');

  try {
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.USAGE;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and version exit 0; commander has already printed its message for the rest
      return error.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const code = exitCodeFor(error);
    const debug = io.env.TRAILKIT_DEBUG === '1' || io.env.TRAILKIT_DEBUG === 'true';
    const text = describeError(error);
    if (isUserError(error)) {
      io.stderr.write(`trailkit: ${text}\n`);
    } else {
      io.stderr.write(`trailkit: unexpected error: ${text}\n`);
      if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
      else io.stderr.write('(set TRAILKIT_DEBUG=1 for the stack trace)\n');
    }
    if (debug && isUserError(error) && error instanceof Error && error.stack)
      io.stderr.write(`${error.stack}\n`);
    return code;
  }
}
