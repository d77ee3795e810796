/** What the CLI reads and writes: injectable so tests run `main()` in-process. */

/** A text output stream (`process.stdout`-like). */
export interface OutputStream {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  /** True when the stream is a terminal (enables colours, progress bars and the full table). */
  isTTY?: boolean;
  /** Terminal width in characters, when a terminal. */
  columns?: number;
}

/** The process environment of a CLI run. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Environment variables (`CI`, `NO_COLOR`, `TRAILKIT_DEBUG`, AWS settings). */
  env: Record<string, string | undefined>;
  /** Stops the run (Ctrl-C): sinks are flushed and closed and positions saved. */
  signal?: AbortSignal;
  /** "Now", for relative times such as `--since 7d` (default `Date.now()`). */
  now?: () => number;
}

/** The real process: stdout, stderr, env. */
export function processIo(signal?: AbortSignal): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, signal };
}

/** Write text, waiting for `drain` when the stream asks for it (backpressure). */
export async function writeText(stream: OutputStream, text: string): Promise<void> {
  if (stream.write(text) || !stream.once) return;
  const once = stream.once.bind(stream);
  await new Promise<void>((resolve) => {
    once('drain', resolve);
  });
}
