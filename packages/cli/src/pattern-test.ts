/** `trailkit pattern test`: the offline twin of `aws logs test-metric-filter`. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type ExtractedValues, type FilterPattern, parse, pattern } from '@trailkit/core';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { type CliIo, writeText } from './io';

/** How the input is read: CloudTrail records (any shape the parser reads), or one log message per line. */
export type PatternTestInput = 'auto' | 'records' | 'lines';

/** Options of `trailkit pattern test`. */
export interface PatternTestOptions {
  input: PatternTestInput;
  format: 'text' | 'json';
}

/** One matched log event, as `TestMetricFilter` reports it (`eventNumber` is one-based, over all inputs). */
export interface PatternTestMatch {
  eventNumber: number;
  eventMessage: string;
  extractedValues: ExtractedValues;
}

/** What `patternTest` reads besides the usual CLI streams: stdin (default `process.stdin`). */
export type PatternTestIo = CliIo & { stdin?: AsyncIterable<Uint8Array | string> };

const EXAMPLES = `
Reads the files given, or stdin. Input "auto" (the default) reads CloudTrail records (log files,
JSON arrays, NDJSON, gzip) when the input starts with "{", "[{" or gzip, and one log message per line
otherwise. A record is tested as CloudWatch Logs sees it: its JSON text.

Examples:
  $ trailkit pattern test AccessDenied samples/stratus-red-team/*.json
  $ trailkit pattern test '{ $.eventName = "ConsoleLogin" && $.additionalEventData.MFAUsed != "Yes" }' logs/
  $ printf '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /a.html HTTP/1.0" 404 1534\\n' |
      trailkit pattern test '[ip, user, username, timestamp, request = *html*, status_code = 4*, bytes]'

Exit codes: 0 some events match, 1 none match, 2 bad pattern or input.`;

/**
 * Add `pattern test <pattern> [files...]` to the program; `setExit` receives the exit code.
 */
export function registerPatternCommand(
  program: Command,
  io: PatternTestIo,
  setExit: (code: number) => void,
): void {
  const group = program.command('pattern').description('work with CloudWatch Logs filter patterns');
  group
    .command('test')
    .description('test a filter pattern on log events offline (like aws logs test-metric-filter)')
    .argument('<pattern>', 'a CloudWatch Logs filter pattern (JSON, terms or space-delimited)')
    .argument('[files...]', 'files to read (default: stdin)')
    .addOption(
      new Option('--input <kind>', 'auto, records (CloudTrail) or lines (one message per line)')
        .choices(['auto', 'records', 'lines'])
        .default('auto'),
    )
    .addOption(new Option('-f, --format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .addHelpText('after', EXAMPLES)
    .action(async (text: string, files: string[], options: PatternTestOptions) => {
      setExit(await patternTest(text, files, options, io));
    });
}

/**
 * Test `text` on every log event of `files` (or stdin) and print the matches: with `format: 'json'` a
 * `TestMetricFilter` response (`{ matches: [{ eventNumber, eventMessage, extractedValues }] }`), else one
 * line per match and a count. Resolves with 0 when some event matched, 1 when none did.
 * @throws PatternSyntaxError for a bad pattern, UsageError for a missing file, ParseError for bad records.
 */
export async function patternTest(
  text: string,
  files: readonly string[],
  options: PatternTestOptions,
  io: PatternTestIo,
): Promise<number> {
  const compiled = pattern(text);
  for (const file of files) {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`${file}: no such file`);
  }
  const inputs: Array<{ name: string; open: () => AsyncIterable<Uint8Array | string> }> =
    files.length > 0
      ? files.map((file) => ({ name: file, open: () => createReadStream(file) }))
      : [{ name: '<stdin>', open: () => io.stdin ?? process.stdin }];
  let eventNumber = 0;
  let matched = 0;
  const json: PatternTestMatch[] = [];
  for (const input of inputs) {
    for await (const message of messages(input.open(), input.name, options.input)) {
      eventNumber++;
      const extractedValues = compiled.extract(message.text);
      if (extractedValues === undefined) continue;
      matched++;
      if (options.format === 'json') json.push({ eventNumber, eventMessage: message.text, extractedValues });
      else await writeText(io.stdout, describe(eventNumber, message, extractedValues, compiled));
    }
  }
  if (options.format === 'json')
    await writeText(io.stdout, `${JSON.stringify({ matches: json }, null, 2)}\n`);
  else await writeText(io.stdout, `${matched} of ${eventNumber} events match (${compiled.form} pattern)\n`);
  return matched > 0 ? EXIT.OK : EXIT.FINDINGS;
}

interface Message {
  text: string;
  /** The record, when the input was read as CloudTrail records. */
  record?: Record<string, unknown>;
}

function describe(n: number, message: Message, values: ExtractedValues, p: FilterPattern): string {
  const r = message.record;
  const head = r
    ? `#${n} ${String(r.eventTime ?? '-')} ${String(r.eventSource ?? '-')} ${String(r.eventName ?? '-')} ${String(r.eventID ?? '')}`.trimEnd()
    : `#${n} ${message.text}`;
  if (p.form !== 'delimited') return `${head}\n`;
  const fields = Object.entries(values).map(([k, v]) => `  ${k} = ${JSON.stringify(v)}`);
  return `${head}\n${fields.join('\n')}\n`;
}

/** The log messages of one input: records as their JSON text, or its lines. */
async function* messages(
  source: AsyncIterable<Uint8Array | string>,
  name: string,
  kind: PatternTestInput,
): AsyncGenerator<Message> {
  const chunks = toBuffers(source);
  const peeked = await peek(chunks);
  const mode = kind === 'auto' ? (looksLikeJson(peeked.head) ? 'records' : 'lines') : kind;
  if (mode === 'records') {
    for await (const batch of parse(peeked.rest, { name, source: 'pattern-test', requireFields: false })) {
      for (const event of batch)
        yield { text: JSON.stringify(event), record: event as Record<string, unknown> };
    }
    return;
  }
  let carry = '';
  const decoder = new TextDecoder();
  for await (const chunk of peeked.rest) {
    const lines = (carry + decoder.decode(chunk, { stream: true })).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      const text = line.endsWith('\r') ? line.slice(0, -1) : line;
      if (text !== '') yield { text };
    }
  }
  const last = carry + decoder.decode();
  if (last !== '') yield { text: last.endsWith('\r') ? last.slice(0, -1) : last };
}

async function* toBuffers(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}

/** Read chunks until 64 bytes (or the end) are seen; give them back with the rest of the stream. */
async function peek(
  chunks: AsyncGenerator<Uint8Array>,
): Promise<{ head: Buffer; rest: AsyncGenerator<Uint8Array> }> {
  const seen: Uint8Array[] = [];
  let size = 0;
  while (size < 64) {
    const next = await chunks.next();
    if (next.done) break;
    seen.push(next.value);
    size += next.value.length;
  }
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* seen;
    yield* chunks;
  }
  return { head: Buffer.concat(seen), rest: rest() };
}

/** Gzip, or JSON that starts an object or an array of objects (a `[` followed by text is a log line). */
function looksLikeJson(head: Buffer): boolean {
  if (head[0] === 0x1f && head[1] === 0x8b) return true;
  const text = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return text.startsWith('{') || /^\[\s*(\{|\]|$)/.test(text);
}
