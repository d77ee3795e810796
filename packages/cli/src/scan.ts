/** `trailkit scan`: read inputs, filter, detect, print. */
import {
  fileCheckpoint,
  type Finding,
  getRunSummary,
  loadRules,
  pattern,
  pipeline,
  type RunSummary,
  SEVERITIES,
  type Severity,
  type Sink,
  type TrailEvent,
} from '@trailkit/core';
import { EXIT, UsageError } from './errors';
import { checkInputOptions } from './input-options';
import { asOptionError } from './option-errors';
import { parseInput } from './inputs';
import { type CliIo, writeText } from './io';
import { eventlessFiles, eventlessText, type LocalSurvey, skippedText, surveyLocal } from './local-files';
import { type Format, parseTime } from './options';
import { collectorSink, csvStdoutSink, ndjsonStdoutSink, ocsfStdoutSink } from './output-sinks';
import { eventRowsSink } from './event-rows';
import { createProgress, listingTotal, progressShown, S3_LIST_AHEAD } from './progress';
import { eventsTable, findingsTable, painter, summaryLine } from './render';
import { sourceFor } from './sources';

/** Options of `trailkit scan`, as parsed from the command line. */
export interface ScanOptions {
  pattern?: string;
  rules?: string;
  strict?: boolean;
  since?: string;
  until?: string;
  account?: string[];
  region?: string[];
  format: Format;
  out?: string;
  gzip?: boolean;
  checkpoint?: string;
  onInvalid: 'skip' | 'fail';
  summary?: boolean;
  failOn?: Severity;
  concurrency?: number;
  /** `--workers`: threads that read local files (`auto` by default). */
  workers?: number | 'auto';
  maxRows: number;
  endpoint?: string;
  s3Endpoint?: string;
  /** `--client-region` (or its old name `--aws-region`). */
  clientRegion?: string;
  awsRegion?: string;
  orgId?: string;
  follow?: boolean;
  stopWhenEmpty?: boolean;
  workgroup?: string;
  outputLocation?: string;
  assumeRole?: string;
  externalId?: string;
  accountsFromOrg?: boolean;
  progress: boolean;
  /** `-v, --verbose`: name every skipped file and bad record. */
  verbose?: boolean;
  /** `--allow-empty`: a scan that reads nothing exits 0. */
  allowEmpty?: boolean;
  /** `--dedupe`: drop events whose eventID was already seen. */
  dedupe?: boolean;
  /** `--wide`: table columns at full width instead of fitting the terminal. */
  wide?: boolean;
}

/** Bad records named on stderr without `--verbose`. */
const BAD_RECORDS_SHOWN = 5;

/** Run a scan; resolves with the exit code. Throws user errors (exit 2) and unexpected ones (exit 3). */
export async function scan(inputs: readonly string[], options: ScanOptions, io: CliIo): Promise<number> {
  // `--format parquet` says what --out writes (Parquet is binary): the terminal shows the table
  const parquetOut = options.format === 'parquet';
  if (parquetOut && options.out === undefined) {
    throw new UsageError(
      '--format parquet needs --out (a directory, or a .parquet file): Parquet is not for a terminal',
    );
  }
  const o: ScanOptions = parquetOut ? { ...options, format: 'table' } : options;
  const now = io.now?.() ?? Date.now();
  const since = o.since === undefined ? undefined : parseTime('--since', o.since, now);
  const until = o.until === undefined ? undefined : parseTime('--until', o.until, now);
  if (since && until && since.getTime() > until.getTime()) {
    throw new UsageError(`--since (${since.toISOString()}) is after --until (${until.toISOString()})`);
  }
  if (o.failOn && !o.rules) throw new UsageError('--fail-on needs --rules (it counts findings)');

  // Compile the pattern and load the rules before touching any input: mistakes fail fast.
  const filter = o.pattern === undefined ? undefined : pattern(o.pattern);
  const skipped: string[] = [];
  const rules =
    o.rules === undefined
      ? undefined
      : await loadRules(o.rules, {
          ...(o.strict !== undefined && { strict: o.strict }),
          onSkipped: (e) => skipped.push(e.message),
        });
  for (const s of skipped) await writeText(io.stderr, `trailkit: skipped ${s}\n`);

  const kind = inputs.length > 0 ? parseInput(inputs[0] as string).kind : 'files';
  checkInputOptions(kind, o as unknown as Record<string, unknown>);
  let survey: LocalSurvey | undefined;
  if (kind === 'files' && inputs.length > 0) {
    survey = await surveyLocal(inputs.map((i) => (parseInput(i) as { path: string }).path));
    await writeText(io.stderr, skippedText(survey, o.verbose ?? false));
    if (survey.files === 0 && survey.skipped.size > 0 && !o.allowEmpty) {
      throw new UsageError(
        'nothing to read: no CloudTrail files (.json, .jsonl, .ndjson, optionally .gz) in the inputs (--allow-empty to accept an empty scan)',
      );
    }
  }
  if (o.out !== undefined) checkOut(o.out, parquetOut, o.gzip ?? false);
  if (typeof o.workers === 'number' && o.workers > 1 && o.dedupe) {
    throw new UsageError('--dedupe needs every event on one thread: leave out --workers (or --workers 1)');
  }

  const source = await sourceFor(inputs, {
    accounts: o.account,
    regions: o.region,
    since,
    until,
    endpoint: o.endpoint,
    s3Endpoint: o.s3Endpoint,
    awsRegion: o.clientRegion ?? o.awsRegion ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    orgId: o.orgId,
    follow: o.follow,
    stopWhenEmpty: o.stopWhenEmpty,
    workgroup: o.workgroup,
    outputLocation: o.outputLocation,
    pattern: o.pattern,
    concurrency: o.concurrency,
    // the listing runs ahead only for the progress bar's total (it costs memory and competes with the reads)
    ...(progressShown(io, o.progress) ? { listAhead: S3_LIST_AHEAD } : {}),
    assumeRole: o.assumeRole,
    externalId: o.externalId,
    accountsFromOrg: o.accountsFromOrg,
    env: io.env,
  }).catch((error: unknown) => {
    throw asOptionError(error);
  });

  const stdoutColor = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  const paint = painter(stdoutColor);
  const withFindings = rules !== undefined;
  // table and JSON output are collected: every finding (they are sorted), every event for JSON, and for the
  // events table its first rows, identical events grouped
  const collector = collectorSink<TrailEvent | Finding>(Number.POSITIVE_INFINITY);
  const eventRows = eventRowsSink(o.maxRows);
  const outputs: Sink<TrailEvent | Finding>[] = [
    o.format === 'ndjson'
      ? ndjsonStdoutSink(io.stdout)
      : o.format === 'csv'
        ? await csvStdoutSink(io.stdout)
        : o.format === 'ocsf'
          ? await ocsfStdoutSink(io.stdout)
          : o.format === 'table' && !withFindings
            ? (eventRows as Sink<TrailEvent | Finding>)
            : collector,
  ];
  const checkpoint = o.checkpoint ? fileCheckpoint(o.checkpoint) : undefined;
  // A resumed run adds to a single output file instead of replacing what earlier runs wrote there.
  const resuming = checkpoint !== undefined && (await checkpoint.load(source.name)) !== undefined;
  if (o.out !== undefined) outputs.push(await outSink(o.out, o.gzip ?? false, resuming, parquetOut));
  if (resuming) {
    await writeText(
      io.stderr,
      `trailkit: resuming from ${o.checkpoint}: what earlier runs read is not read again\n`,
    );
  }

  // --account/--region/--since/--until are the source's to apply (by key layout, then by event fields).
  let p = pipeline().from(source);
  if (filter) p = p.filter(filter);
  const built = rules ? p.detect(rules).to(...outputs) : p.to(...outputs);

  const endless = inputs.some((i) => /^sqs:\/\//i.test(i)) ? !o.stopWhenEmpty : Boolean(o.follow);
  if (endless && !streamed(o.format)) {
    await writeText(
      io.stderr,
      'trailkit: reading until stopped (Ctrl-C); results are printed then. Use --format ndjson to stream them.\n',
    );
  }
  const progress = await createProgress(
    io,
    o.progress,
    survey ? (resuming ? undefined : { objects: survey.files, bytes: survey.bytes }) : listingTotal(source),
  );
  const badRecords: string[] = [];
  // keys an s3:// listing passed over (not CloudTrail log files of the walked folders): counted, named with -v
  const skippedKeys: string[] = [];
  let skippedKeyCount = 0;
  const log = {
    debug: (message: string, fields?: Record<string, unknown>) => {
      if (!message.startsWith('s3Source: skipping a key') || typeof fields?.key !== 'string') return;
      skippedKeyCount++;
      if (o.verbose) skippedKeys.push(fields.key);
    },
    info: () => undefined,
    warn: (message: string, fields?: Record<string, unknown>) => {
      if (message !== 'skipped bad input' || typeof fields?.error !== 'string') return;
      if (o.verbose || badRecords.length < BAD_RECORDS_SHOWN) badRecords.push(fields.error);
    },
    error: () => undefined,
  };
  let summary: RunSummary;
  try {
    summary = await built.run({
      signal: io.signal,
      onInvalid: o.onInvalid,
      log,
      ...(o.dedupe ? { dedupe: true } : {}),
      ...(checkpoint ? { checkpoint } : {}),
      ...(o.concurrency ? { concurrency: o.concurrency } : {}),
      ...(o.workers !== undefined ? { workers: o.workers } : {}),
      onProgress: (s) => progress.update(s),
    });
  } catch (error) {
    const partial = getRunSummary(error);
    if (o.summary && partial) await writeText(io.stderr, `${JSON.stringify(counts(partial))}\n`);
    throw error;
  } finally {
    progress.stop();
  }

  if (o.format === 'table') {
    const width = o.wide ? 'wide' : terminalWidth(io);
    const body = withFindings
      ? findingsTable(collector.items as Finding[], o.maxRows, paint, width)
      : eventsTable(eventRows.rows, eventRows.count, width);
    await writeText(
      io.stdout,
      `${body}\n${summaryLine(summary, withFindings, paint, resuming ? o.checkpoint : undefined)}`,
    );
  } else if (o.format === 'json') {
    const doc = withFindings ? { summary, findings: collector.items } : { summary, events: collector.items };
    await writeText(io.stdout, `${JSON.stringify(doc, null, 2)}\n`);
  }
  if (skippedKeyCount > 0) {
    const what = skippedKeyCount === 1 ? '1 key' : `${skippedKeyCount} keys`;
    await writeText(
      io.stderr,
      `trailkit: skipped ${what}: not a CloudTrail log file name${o.verbose ? '' : ' (--verbose names them)'}\n${skippedKeys.map((k) => `  ${k}\n`).join('')}`,
    );
  }
  if (summary.events.invalid > 0) {
    const codes = Object.entries(summary.invalidByCode)
      .map(([code, n]) => `${code}: ${n}`)
      .join(', ');
    await writeText(
      io.stderr,
      `trailkit: warning: skipped ${summary.events.invalid} invalid record${summary.events.invalid === 1 ? '' : 's'} (${codes})\n${badRecordsText(badRecords, summary.events.invalid)}`,
    );
  }
  if (summary.events.passed === 0 && !resuming && (since || until || o.account || o.region)) {
    // the source drops what is outside the selection: by file or key name first, then by the events' fields
    const what = summary.objects === 0 ? 'no file or object' : 'no event';
    await writeText(io.stderr, `trailkit: ${what} in the selection (${selectionText(since, until, o)})\n`);
  }
  if (o.summary) await writeText(io.stderr, `${JSON.stringify(counts(summary))}\n`);
  const empty = await nothingRead(inputs, kind, survey, summary, resuming, o, io);

  if (summary.aborted) {
    await writeText(
      io.stderr,
      `trailkit: interrupted before the input was finished${o.checkpoint ? ` (run again with --checkpoint ${o.checkpoint} to resume)` : ''}\n`,
    );
    return io.signal?.reason === 'SIGTERM' ? EXIT.TERMINATED : EXIT.INTERRUPTED;
  }
  // accounts that could not be read (--assume-role): reported, and the run is not ok
  const failures = (source as { failures?: ReadonlyArray<{ message: string }> }).failures ?? [];
  for (const failure of failures) await writeText(io.stderr, `trailkit: warning: ${failure.message}\n`);
  if (failures.length > 0) return EXIT.FINDINGS;
  if (empty) return EXIT.USAGE;
  if (o.failOn && countAtOrAbove(summary, o.failOn) > 0) return EXIT.FINDINGS;
  return EXIT.OK;
}

/**
 * A scan that read nothing at all (files holding no events, a bucket prefix with no log files), without
 * filters that could explain it: say why on stderr; true (exit 2) unless `--allow-empty`.
 */
async function nothingRead(
  inputs: readonly string[],
  kind: string,
  survey: LocalSurvey | undefined,
  summary: RunSummary,
  resuming: boolean,
  o: ScanOptions,
  io: CliIo,
): Promise<boolean> {
  const filtered = o.since || o.until || o.account || o.region;
  if (summary.events.read > 0 || summary.events.invalid > 0 || resuming || filtered || summary.aborted)
    return false;
  if (survey && summary.objects > 0) {
    await writeText(io.stderr, eventlessText(await eventlessFiles(survey.read), o.verbose ?? false));
  } else if (kind === 's3' && summary.objects === 0) {
    await writeText(
      io.stderr,
      `trailkit: no CloudTrail log files under ${inputs[0]} (AWSLogs/<account>/CloudTrail/<region>/...)\n`,
    );
  } else return false;
  if (o.allowEmpty) return false;
  await writeText(io.stderr, 'trailkit: nothing to read (--allow-empty to accept an empty scan)\n');
  return true;
}

/** Formats written to stdout as the items come (the others are printed when the run ends). */
const streamed = (format: Format): boolean => format === 'ndjson' || format === 'csv' || format === 'ocsf';

/** The bad records kept (the first few, or every one with `--verbose`) and how many there were, one per line: file, byte offset, record index, reason. */
export function badRecordsText(messages: readonly string[], total: number): string {
  let text = messages.map((m) => `  ${m}\n`).join('');
  if (messages.length < total) text += `  … ${total - messages.length} more (--verbose for all)\n`;
  return text;
}

/** The time window and filters of a scan, in words. */
function selectionText(since: Date | undefined, until: Date | undefined, o: ScanOptions): string {
  const parts: string[] = [];
  if (since || until)
    parts.push(`events from ${since?.toISOString() ?? 'the start'} to ${until?.toISOString() ?? 'now'}`);
  if (o.account) parts.push(`accounts ${o.account.join(', ')}`);
  if (o.region) parts.push(`regions ${o.region.join(', ')}`);
  return parts.join('; ');
}

/** `--out` names a directory, or a file whose extension says what it is: refuse an extension it cannot write. */
function checkOut(out: string, parquet: boolean, gzip: boolean): void {
  const isParquetFile = /\.parquet$/i.test(out);
  if ((parquet || isParquetFile) && gzip) {
    throw new UsageError('--gzip does not apply to Parquet (it compresses its pages itself)');
  }
  if (isParquetFile) return;
  if (/\.(ndjson|jsonl|csv)(\.gz)?$/i.test(out)) {
    if (parquet) {
      throw new UsageError(
        `--out ${out}: --format parquet writes a .parquet file or a directory, not "${/\.[a-z]+(\.gz)?$/i.exec(out)?.[0]}"`,
      );
    }
    return;
  }
  const ext = /(\.[a-z0-9]{1,8})$/i.exec(out.replace(/[\\/]+$/, ''))?.[1];
  if (ext !== undefined && !out.endsWith('/')) {
    throw new UsageError(
      `--out ${out}: cannot write "${ext}" files (use a .ndjson, .jsonl, .csv or .parquet file, .gz for the text ones, or a directory; end it with / to keep the name)`,
    );
  }
}

/**
 * The width the table fits: the terminal's, else `$COLUMNS`; none (full width) when stdout is a pipe or
 * file without `$COLUMNS`.
 */
export function terminalWidth(io: CliIo): number | undefined {
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  const columns = Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns > 20 ? columns : undefined;
}

/** The summary as `--summary` prints it: counts, not the source's position (that is the checkpoint's). */
function counts(summary: RunSummary): Omit<RunSummary, 'position'> {
  const { position: _position, ...rest } = summary;
  return rest;
}

/** Findings at or above a severity. */
export function countAtOrAbove(summary: RunSummary, severity: Severity): number {
  const from = SEVERITIES.indexOf(severity);
  return SEVERITIES.slice(from).reduce((n, s) => n + (summary.findings.bySeverity[s] ?? 0), 0);
}

/**
 * `--out`: a file when it ends in `.ndjson`, `.jsonl` or `.csv` (optionally `.gz`) or `.parquet`, otherwise a
 * directory (of Parquet files with `--format parquet`). A resumed run appends to the file (and continues what
 * a killed run left), so nothing already checkpointed is lost; a Parquet file cannot be appended to, so a
 * resumed run into one is refused (a directory of Parquet files resumes).
 */
async function outSink(
  out: string,
  gzip: boolean,
  append: boolean,
  parquet: boolean,
): Promise<Sink<TrailEvent | Finding>> {
  // loaded here, not at the CLI's start (with its CSV, OCSF and Parquet encoders)
  const { fileSink } = await import('@trailkit/sink-file');
  if (/\.parquet$/i.test(out)) {
    if (append) {
      throw new UsageError(
        `--out ${out}: a resumed run cannot add to a Parquet file (it cannot be appended to): use --out <dir>/ --format parquet, or start without the checkpoint`,
      );
    }
    return fileSink({ path: out, format: 'parquet' });
  }
  if (parquet) return fileSink({ dir: out, format: 'parquet', partitionBy: 'account/region/date' });
  if (/\.csv(\.gz)?$/i.test(out))
    return fileSink({ path: out, format: 'csv', gzip: gzip || out.endsWith('.gz'), append });
  if (/\.(ndjson|jsonl)(\.gz)?$/i.test(out))
    return fileSink({ path: out, gzip: gzip || out.endsWith('.gz'), append });
  return fileSink({ dir: out, gzip, partitionBy: 'account/region/date' });
}
