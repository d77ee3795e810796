import type { Sink } from '../contracts';
import { SinkError } from '../errors';

/**
 * Flush and close every sink in order (the pipeline's sinks, then the dead letter), each even if an earlier
 * one failed; each failure is reported to `fail` as a `SinkError`.
 */
export async function closeSinks(
  sinks: readonly Sink<unknown>[],
  fail: (error: SinkError) => void,
): Promise<void> {
  for (const sink of sinks) {
    try {
      await sink.flush?.();
    } catch (error) {
      fail(new SinkError(sink.name, 1, { cause: error }));
    }
    try {
      await sink.close?.();
    } catch (error) {
      fail(new SinkError(sink.name, 1, { cause: error }));
    }
  }
}
