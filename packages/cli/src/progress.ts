/** A progress line on stderr for long runs: objects, events, events/s, findings. Only on a terminal. */
import type { RunSummary } from '@trailkit/core';
import cliProgress from 'cli-progress';
import type { CliIo } from './io';

/** Receives run progress; `stop()` removes the bar. */
export interface Progress {
  update(summary: RunSummary): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on stderr when it is a terminal and not in CI; otherwise a no-op. */
export function createProgress(io: CliIo, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY || io.env.CI || io.env.TRAILKIT_NO_PROGRESS) return silent;
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as unknown as NodeJS.WritableStream,
      format: 'trailkit {spinner} {objects} objects | {events} events ({rate}/s) | {findings} findings',
      clearOnComplete: true,
      hideCursor: true,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let tick = 0;
  bar.start(0, 0, { objects: 0, events: 0, rate: 0, findings: 0, spinner: spinner[0] });
  return {
    update(summary) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      tick = (tick + 1) % spinner.length;
      bar.update(0, {
        objects: summary.objects,
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
