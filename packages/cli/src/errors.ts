/** Errors of the `trailkit` CLI and how they map to exit codes. */
import { TrailkitError } from '@trailkit/core';

/** Exit codes of `trailkit`. */
export const EXIT = {
  /** Finished; no findings at or above `--fail-on`. */
  OK: 0,
  /** Findings at or above `--fail-on` were found. */
  FINDINGS: 1,
  /** Usage or input error: bad option, missing path, bad pattern or rules, bad input under `--on-invalid fail`. */
  USAGE: 2,
  /** Unexpected error (a bug, or a failure outside the user's input). */
  UNEXPECTED: 3,
  /** Stopped by Ctrl-C (SIGINT) before the input was finished: outputs flushed, checkpoint saved. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM before the input was finished: outputs flushed, checkpoint saved. */
  TERMINATED: 143,
} as const;

/** A command line that cannot run as given (bad option value, unsupported input, ...). Exit code 2. */
export class UsageError extends TrailkitError {
  constructor(message: string) {
    super('CLI_USAGE', message);
    this.name = 'UsageError';
  }

  /** True for a {@link UsageError} from any copy of the package. */
  static override isInstance(error: unknown): error is UsageError {
    return TrailkitError.isInstance(error) && error.name === 'UsageError';
  }
}

/**
 * Errors that are the user's to fix: every trailkit error (bad options, patterns, rules, input data, missing
 * files or buckets, credentials, checkpoints) except a sink that kept failing after its retries.
 */
const NOT_USER_ERRORS = new Set(['SinkError']);

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  return isUserError(error) ? EXIT.USAGE : EXIT.UNEXPECTED;
}

/** True for errors that are the user's to fix (see {@link EXIT}.USAGE). */
export function isUserError(error: unknown): boolean {
  return TrailkitError.isInstance(error) && !NOT_USER_ERRORS.has(error.name);
}

/** The message to print for an error: for a bad pattern, the pattern with a caret under the column. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { pattern?: unknown; column?: unknown };
  if (e.name === 'PatternSyntaxError' && typeof e.pattern === 'string' && typeof e.column === 'number') {
    return `${e.message}\n  ${e.pattern}\n  ${' '.repeat(Math.max(0, e.column - 1))}^`;
  }
  // Node's file errors repeat the path the message already names: `…/x.yaml: cannot read …: ENOENT: no
  // such file or directory, open '…/x.yaml'`
  return e.message.replace(/, (open|scandir|stat|lstat) '([^']+)'$/, (whole, _op, path: string) =>
    e.message.indexOf(path) < e.message.length - whole.length ? '' : whole,
  );
}
