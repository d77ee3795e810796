/**
 * A progress line on stderr for long runs: objects, events, events/s, bytes/s, findings; with the total when
 * it is known (the files listed before the scan): percentage and ETA. Only on a terminal.
 */
import type { RunSummary } from '@trailkit/core';
import cliProgress from 'cli-progress';
import type { CliIo } from './io';

/** Receives run progress; `stop()` removes the bar. */
export interface Progress {
  update(summary: RunSummary): void;
  stop(): void;
}

/** What the run will read, when known before it starts. */
export interface ProgressTotal {
  objects: number;
  bytes: number;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on stderr when it is a terminal and not in CI; otherwise a no-op. */
export function createProgress(io: CliIo, enabled: boolean, total?: ProgressTotal): Progress {
  if (!enabled || !io.stderr.isTTY || io.env.CI || io.env.TRAILKIT_NO_PROGRESS) return silent;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: total
        ? 'trailkit {bar} {percentage}% | {objects}/{totalObjects} objects | {events} events ({rate}/s, {byteRate}) | {findings} findings | ETA {eta_formatted}'
        : 'trailkit {spinner} {objects} objects | {events} events ({rate}/s, {byteRate}) | {findings} findings',
      clearOnComplete: true,
      hideCursor: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let tick = 0;
  // by bytes when they are known (files differ in size), else by objects
  const byBytes = total !== undefined && total.bytes > 0;
  const end = total ? (byBytes ? total.bytes : total.objects) : 0;
  bar.start(end, 0, {
    totalObjects: total?.objects ?? 0,
    objects: 0,
    events: 0,
    rate: 0,
    byteRate: '0 B/s',
    findings: 0,
    spinner: spinner[0],
  });
  return {
    update(summary) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      tick = (tick + 1) % spinner.length;
      const done = total ? Math.min(end, byBytes ? summary.bytes : summary.objects) : 0;
      bar.update(done, {
        totalObjects: total?.objects ?? 0,
        objects: summary.objects,
        byteRate: `${byteSize(summary.bytes / seconds)}/s`,
        events: summary.events.read,
        rate: Math.round(summary.events.read / seconds),
        findings: summary.findings.total,
        spinner: spinner[tick],
      });
    },
    stop() {
      bar.stop();
    },
  };
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
