import { TrailkitError } from '../errors';

/** One handler failure inside an {@link ActionError}. */
export interface ActionFailure {
  /** The finding's `id`. */
  findingId: string;
  /** The finding's rule id. */
  ruleId: string;
  /** What the handler threw. */
  error: unknown;
}

/**
 * Thrown by an `actionSink`'s `write` when the handler failed for one or more findings of the batch. The
 * pipeline retries the write (findings already handled are not run again) and, after its retries, sends
 * the batch to its dead-letter sink or stops with a `SinkError`. `cause` is the first failure's error.
 */
export class ActionError extends TrailkitError {
  /** The action sink's name. */
  readonly sink: string;
  /** Every failed finding of the write. */
  readonly failures: readonly ActionFailure[];

  constructor(sink: string, failures: readonly ActionFailure[], total: number) {
    const first = failures[0];
    const why = first?.error instanceof Error ? first.error.message : String(first?.error ?? 'unknown');
    super(
      'ACTION_FAILED',
      `action ${sink}: ${failures.length} of ${total} finding(s) failed; first: ${first?.ruleId} ${first?.findingId}: ${why}`,
      { cause: first?.error },
    );
    this.name = 'ActionError';
    this.sink = sink;
    this.failures = failures;
  }

  /** True for an {@link ActionError} from any copy of the package. */
  static override isInstance(error: unknown): error is ActionError {
    return TrailkitError.isInstance(error) && error.name === 'ActionError';
  }
}
