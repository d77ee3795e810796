/**
 * A progress line on stderr for long runs: objects, events, events/s, bytes/s, findings; with the total when
 * it is known (the files listed before the scan, or the S3 listing as it runs): percentage and ETA once the
 * total is complete, `≥N` while the listing still grows. Only on a terminal.
 */
import type { RunSummary, Source } from '@trailkit/core';
import type { CliIo } from './io';

/** Receives run progress; `stop()` removes the bar. */
export interface Progress {
  update(summary: RunSummary): void;
  stop(): void;
}

/** What the run will read: objects and bytes, `complete: false` while they are still being listed. */
export interface ProgressTotal {
  objects: number;
  bytes: number;
  /** False while the listing goes on: the numbers are then lower bounds (default true). */
  complete?: boolean;
}

/** A total known before the run, or asked for at each update (a listing that grows). */
export type TotalInput = ProgressTotal | (() => ProgressTotal | undefined);

/** What one progress line shows. */
export interface ProgressState {
  objects: number;
  bytes: number;
  events: number;
  findings: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  total?: ProgressTotal;
  /** The spinner frame drawn when there is no complete total. */
  spinner?: string;
}

/**
 * The growing total of a source that lists what it reads (`s3Source`'s `listing()`), asked at each update;
 * undefined for sources that do not.
 */
export function listingTotal(source: Source): (() => ProgressTotal) | undefined {
  const listing = (source as Partial<{ listing: () => ProgressTotal }>).listing;
  return typeof listing === 'function' ? () => listing.call(source) : undefined;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const BAR_WIDTH = 20;

/** Whether a progress bar is drawn: asked for, stderr a terminal, not in CI, not turned off. */
export function progressShown(io: CliIo, enabled: boolean): boolean {
  return enabled && Boolean(io.stderr.isTTY) && !io.env.CI && !io.env.TRAILKIT_NO_PROGRESS;
}

/**
 * Keys an `s3://` listing runs ahead of the reads when the bar is drawn: enough to know the total of most
 * runs within the first listing calls (about 200 bytes a key).
 */
export const S3_LIST_AHEAD = 10_000;

/** A progress bar on stderr when it is a terminal and not in CI; otherwise a no-op. */
export async function createProgress(io: CliIo, enabled: boolean, total?: TotalInput): Promise<Progress> {
  if (!progressShown(io, enabled)) return silent;
  // loaded only when a bar is shown (a terminal): ~20 ms of every start otherwise
  const { default: cliProgress } = await import('cli-progress');
  const started = Date.now();
  const totalNow = typeof total === 'function' ? total : () => total;
  const bar = new cliProgress.SingleBar({
    stream: io.stderr as unknown as NodeJS.WritableStream,
    // the line is ours (progressLine); cli-progress redraws it, throttled, and fits it to the terminal
    format: (_options, _params, payload: { line: string }) => payload.line,
    clearOnComplete: true,
    hideCursor: true,
    fps: 8,
  });
  let tick = 0;
  let last: RunSummary | undefined;
  const line = () =>
    progressLine({
      objects: last?.objects ?? 0,
      bytes: last?.bytes ?? 0,
      events: last?.events.read ?? 0,
      findings: last?.findings.total ?? 0,
      elapsedMs: Date.now() - started,
      total: totalNow(),
      spinner: SPINNER[tick],
    });
  bar.start(1, 0, { line: line() });
  return {
    update(summary) {
      last = summary;
      tick = (tick + 1) % SPINNER.length;
      bar.update(0, { line: line() });
    },
    stop() {
      // the last line drawn says where the run ended (the listing may have completed since the last update)
      bar.update(0, { line: line() });
      bar.stop();
    },
  };
}

/**
 * One progress line. With a complete total: a bar, the percentage (by bytes when known, files differ in
 * size), `done/total` objects and bytes, and the ETA from the rate so far. With a total still being listed:
 * `done/≥listed`, no percentage or ETA. Without a total: what was read so far.
 */
export function progressLine(s: ProgressState): string {
  const seconds = Math.max(0.001, s.elapsedMs / 1000);
  const rates = `${s.events} events (${Math.round(s.events / seconds)}/s, ${byteSize(s.bytes / seconds)}/s)`;
  const findings = `${s.findings} findings`;
  const t = s.total;
  if (!t) return `trailkit ${s.spinner ?? ''} ${s.objects} objects | ${rates} | ${findings}`;
  const complete = t.complete ?? true;
  // a listing never shows fewer than what was read (objects listed after the last update)
  const totalObjects = Math.max(t.objects, s.objects);
  const totalBytes = Math.max(t.bytes, s.bytes);
  const amounts = `${s.objects}/${complete ? '' : '≥'}${totalObjects} objects, ${byteSize(s.bytes)}/${complete ? '' : '≥'}${byteSize(totalBytes)}`;
  if (!complete) return `trailkit ${s.spinner ?? ''} ${amounts} | ${rates} | ${findings}`;
  const byBytes = totalBytes > 0;
  const done = byBytes ? s.bytes : s.objects;
  const end = byBytes ? totalBytes : totalObjects;
  const fraction = end === 0 ? 1 : Math.min(1, done / end);
  const filled = Math.round(fraction * BAR_WIDTH);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
  const eta = done === 0 ? '?' : duration((seconds * (end - done)) / done);
  return `trailkit ${bar} ${Math.floor(fraction * 100)}% | ${amounts} | ${rates} | ${findings} | ETA ${eta}`;
}

/** `75` → `1m15s`; `3725` → `1h02m`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** `1536` → `1.5 KB`. */
export function byteSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
