/** `trailkit report`: read inputs, run rules, aggregate, write one HTML, Markdown or JSON report. */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { loadRules, pipeline, type RunSummary, SEVERITIES, type Severity } from '@trailkit/core';
import type { IntegritySummary, ReportFormat } from '@trailkit/report';
import { type Command, Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { type CliIo, writeText } from './io';
import { readPosture } from './posture-input';
import { collectList, parseOnInvalid, parsePositiveInt, parseSeverity, parseTime } from './options';
import { createProgress } from './progress';
import { sourceFor } from './sources';

/** Options of `trailkit report`, as parsed from the command line. */
/**
 * The report's formats (`REPORT_FORMATS` of @trailkit/report, checked by a test): named here so that the help
 * text does not load the report's renderer (its chart library) on every start of the CLI.
 */
export const REPORT_FORMATS = ['html', 'md', 'json'] as const satisfies readonly ReportFormat[];

export interface ReportCommandOptions {
  out?: string;
  format?: ReportFormat;
  rules?: string;
  since?: string;
  until?: string;
  account?: string[];
  region?: string[];
  title?: string;
  top?: number;
  integrity?: string;
  posture?: string;
  failOn?: Severity;
  onInvalid: 'skip' | 'fail';
  concurrency?: number;
  endpoint?: string;
  s3Endpoint?: string;
  /** `--client-region` (or its old name `--aws-region`). */
  clientRegion?: string;
  awsRegion?: string;
  orgId?: string;
  stopWhenEmpty?: boolean;
  workgroup?: string;
  outputLocation?: string;
  progress: boolean;
}

const REPORT_EXAMPLES = `
Inputs: any input "trailkit scan" accepts (paths, globs, s3://, sqs://, cwl://, athena://).

Examples:
  $ trailkit report samples --rules cis,threats --out report.html
  $ trailkit report AWSLogs/ --since 7d --region us-east-1 --out week.md
  $ trailkit report s3://my-trail-bucket --since 2026-11-01 --until 2026-12-01 --out november.json
  $ trailkit report logs/ --format md > report.md
  $ trailkit audit --format json > audit.json; trailkit report logs/ --posture audit.json --out report.html

The HTML report is one self-contained file (no script, no network request), printable to PDF.
Exit codes: 0 ok, 1 findings (--rules) or failed checks (--posture) at or above --fail-on, 2 usage or input
error, 3 unexpected error.`;

/** Register `trailkit report` on `program`; `done` receives the exit code of a run. */
export function addReportCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command('report')
    .description(
      'write an audit report (HTML with charts, Markdown or JSON) of CloudTrail events and findings',
    )
    .argument('<input...>', 'paths, globs, or one s3://, sqs://, cwl://, athena:// URI')
    .option(
      '-o, --out <file>',
      'the report file (.html, .md or .json); without it, the report goes to stdout',
    )
    .addOption(
      new Option(
        '-f, --format <format>',
        `${REPORT_FORMATS.join(', ')} (default: from the --out extension)`,
      ).choices(REPORT_FORMATS),
    )
    .option('-r, --rules <list>', 'rule packs and files, comma separated: cis, threats, ./my-rules.yaml')
    .option('--since <time>', 'only events at or after: ISO date/time, or a duration ago (30m, 24h, 7d)')
    .option('--until <time>', 'only events before: ISO date/time, or a duration ago')
    .option('-a, --account <ids>', 'only these accounts (repeatable, or comma separated)', collectList)
    .option('--region <regions>', 'only these regions (repeatable, or comma separated)', collectList)
    .option('--title <text>', 'report title')
    .addOption(
      new Option('--top <n>', 'rows per top table (default 10)').argParser((v) =>
        parsePositiveInt('--top', v),
      ),
    )
    .option('--integrity <file>', 'integrity results to include: the output of trailkit verify --format json')
    .option('--posture <file>', 'trail set-up checks to include: the output of trailkit audit --format json')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when findings (--rules) or failed checks (--posture) at or above this severity exist',
      ).argParser(parseSeverity),
    )
    .addOption(
      new Option('--on-invalid <policy>', 'bad input: skip (count and go on) or fail (stop, exit 2)')
        .default('skip')
        .argParser(parseOnInvalid),
    )
    .addOption(
      new Option('-c, --concurrency <n>', 'objects read at once').argParser((v) =>
        parsePositiveInt('--concurrency', v),
      ),
    )
    .option('--endpoint <url>', 'AWS endpoint URL (S3-compatible stores, local emulators)')
    .option('--s3-endpoint <url>', 'sqs:// only: S3 endpoint for the notified objects (default: --endpoint)')
    .option(
      '--client-region <region>',
      'region of the AWS API clients, not a filter (default: $AWS_REGION or us-east-1)',
    )
    .addOption(new Option('--aws-region <region>', 'old name of --client-region').hideHelp())
    .option('--org-id <id>', 'organization id of an organization trail (o-xxxxxxxxxx)')
    .option('--stop-when-empty', 'sqs:// only: stop when the queue is empty (default: run until Ctrl-C)')
    .option('--workgroup <name>', 'athena:// only: Athena workgroup')
    .option('--output-location <s3-uri>', 'athena:// only: query results location')
    .option('--no-progress', 'no progress bar (it is only drawn on a terminal, never in CI)')
    .addHelpText('after', REPORT_EXAMPLES)
    .action(async (inputs: string[], options: ReportCommandOptions) => {
      done(await report(inputs, options, io));
    });
}

/** Run `trailkit report`; resolves with the exit code. Throws user errors (exit 2) and unexpected ones. */
export async function report(inputs: readonly string[], o: ReportCommandOptions, io: CliIo): Promise<number> {
  const { formatForPath, reportAggregator, renderReport } = await import('@trailkit/report');
  const format = o.format ?? (o.out === undefined ? undefined : formatForPath(o.out));
  if (format === undefined) {
    throw new UsageError(
      o.out === undefined
        ? 'report needs --out <file> (.html, .md, .json) or --format to write to stdout'
        : `--out ${o.out}: cannot tell the format from the extension; use .html, .md, .json or --format`,
    );
  }
  const now = io.now?.() ?? Date.now();
  const since = o.since === undefined ? undefined : parseTime('--since', o.since, now);
  const until = o.until === undefined ? undefined : parseTime('--until', o.until, now);
  if (since && until && since.getTime() > until.getTime()) {
    throw new UsageError(`--since (${since.toISOString()}) is after --until (${until.toISOString()})`);
  }
  if (o.failOn && !o.rules && !o.posture) {
    throw new UsageError(
      '--fail-on needs --rules (it counts findings) or --posture (it counts failed checks)',
    );
  }
  const rules = o.rules === undefined ? undefined : await loadRules(o.rules);
  const integrity = o.integrity === undefined ? undefined : await readIntegrity(o.integrity);
  const posture = o.posture === undefined ? undefined : await readPosture(o.posture);

  const source = await sourceFor(inputs, {
    accounts: o.account,
    regions: o.region,
    since,
    until,
    endpoint: o.endpoint,
    s3Endpoint: o.s3Endpoint,
    awsRegion: o.clientRegion ?? o.awsRegion ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    orgId: o.orgId,
    stopWhenEmpty: o.stopWhenEmpty,
    workgroup: o.workgroup,
    outputLocation: o.outputLocation,
    concurrency: o.concurrency,
    env: io.env,
  });

  const aggregate = reportAggregator({
    ...(o.title ? { title: o.title } : {}),
    ...(o.top ? { topK: o.top } : {}),
  });
  const tapped = pipeline().from(source).to(aggregate.eventSink());
  const built = rules ? tapped.detect(rules).to(aggregate.findingSink()) : tapped;

  const progress = await createProgress(io, o.progress);
  let summary: RunSummary;
  try {
    summary = await built.run({
      signal: io.signal,
      onInvalid: o.onInvalid,
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      onProgress: (s) => progress.update(s),
    });
  } finally {
    progress.stop();
  }

  const filters: Record<string, string> = {};
  if (since) filters.since = since.toISOString();
  if (until) filters.until = until.toISOString();
  if (o.account?.length) filters.accounts = o.account.join(', ');
  if (o.region?.length) filters.regions = o.region.join(', ');
  if (o.rules) filters.rules = o.rules;
  if (summary.aborted) filters.note = 'interrupted before the input was finished: partial report';
  const model = aggregate.toModel({
    inputs,
    filters,
    runSummary: summary,
    integrity,
    ...(posture ? { posture } : {}),
    now: new Date(now),
  });
  const text = renderReport(model, format);
  if (o.out === undefined) await writeText(io.stdout, text);
  else await writeAtomically(o.out, text);

  if (summary.events.invalid > 0) {
    await writeText(io.stderr, `trailkit: warning: skipped ${summary.events.invalid} invalid record(s)\n`);
  }
  if (o.out !== undefined) {
    await writeText(
      io.stderr,
      `trailkit: wrote ${o.out} (${format}, ${text.length} bytes): ${model.scope.events} events, ${model.findings.total} findings\n`,
    );
  }
  if (summary.aborted) {
    await writeText(io.stderr, 'trailkit: interrupted before the input was finished (partial report)\n');
    return io.signal?.reason === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED;
  }
  if (o.failOn) {
    const from = SEVERITIES.indexOf(o.failOn);
    const findings = SEVERITIES.slice(from).reduce((sum, s) => sum + (model.findings.bySeverity[s] ?? 0), 0);
    const failedChecks = (posture?.results ?? []).filter(
      (r) => r.status === 'fail' && SEVERITIES.indexOf(r.severity) >= from,
    ).length;
    if (findings + failedChecks > 0) return EXIT.FINDINGS;
  }
  return EXIT.OK;
}

/** Write `text` to a temporary file beside `path`, then rename it over `path`: no half-written report. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.trailkit-report.tmp`);
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new UsageError(`--out ${path}: ${(error as Error).message}`);
  }
}

/** `trailkit verify --format json` output (`digests: { valid, total }`, `logFiles`, `gaps: [...]`) as counts. */
function fromVerifyOutput(v: Record<string, unknown>): Record<string, unknown> {
  const digests = v?.digests as { total?: unknown } | undefined;
  const logFiles = v?.logFiles as { valid?: unknown; total?: unknown } | undefined;
  if (typeof digests !== 'object' || digests === null || typeof logFiles !== 'object' || logFiles === null)
    return v;
  const valid = Number(logFiles.valid);
  const problems = Array.isArray(v.problems)
    ? (v.problems as Array<{ kind?: unknown; key?: unknown; detail?: unknown }>).map(
        (p) => `${String(p.kind)} ${String(p.key)}${p.detail ? `: ${String(p.detail)}` : ''}`,
      )
    : undefined;
  return {
    digests: Number(digests.total),
    validFiles: valid,
    invalidFiles: Number(logFiles.total) - valid,
    gaps: Array.isArray(v.gaps) ? v.gaps.length : 0,
    ...(problems ? { problems } : {}),
  };
}

/**
 * `--integrity <file>`: what `trailkit verify --format json` printed, or a JSON object with the integrity
 * counts (`digests`, `validFiles`, `invalidFiles`, `gaps`, `problems`).
 */
async function readIntegrity(path: string): Promise<IntegritySummary> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--integrity ${path}: ${(error as Error).message}`);
  }
  const v = fromVerifyOutput(value as Record<string, unknown>);
  for (const key of ['digests', 'validFiles', 'invalidFiles', 'gaps']) {
    if (typeof v?.[key] !== 'number' || !Number.isInteger(v[key]) || (v[key] as number) < 0) {
      throw new UsageError(`--integrity ${path}: ${key} must be a non-negative integer`);
    }
  }
  const problems = Array.isArray(v.problems) ? v.problems.filter((p) => typeof p === 'string') : undefined;
  return {
    digests: v.digests as number,
    validFiles: v.validFiles as number,
    invalidFiles: v.invalidFiles as number,
    gaps: v.gaps as number,
    ...(problems ? { problems } : {}),
  };
}
