import type { OptionSchema } from './options';

/** The defaults of a plugin's own retries: the names of the pipeline's `RetryPolicy`. */
export interface RetryDefaults {
  /** Total attempts, the first one included. */
  attempts: number;
  /** Delay before the first retry, in ms. */
  baseMs: number;
  /** Largest delay, in ms. */
  maxMs: number;
}

/**
 * The schema of a plugin's `retry` option, `{ attempts, baseMs, maxMs }`: the same names as the
 * pipeline's `run({ retry })`, so that every retry setting in trailkit reads alike. For sources, whose AWS
 * calls no pipeline retries; a sink leaves retries to the pipeline.
 *
 * @example
 * ```ts
 * const SCHEMA = {
 *   properties: { retry: retryOptionSchema({ attempts: 8, baseMs: 200, maxMs: 10_000 }, 'FilterLogEvents calls') },
 * } satisfies OptionsSchema;
 * ```
 */
export function retryOptionSchema(defaults: RetryDefaults, what: string): OptionSchema {
  return {
    type: 'object',
    default: {},
    additionalProperties: false,
    description: `retries of ${what} on throttling, 5xx and network errors, with exponential backoff and full jitter`,
    properties: {
      attempts: {
        type: 'integer',
        minimum: 1,
        maximum: 100,
        default: defaults.attempts,
        description: 'attempts per call, the first one included',
      },
      baseMs: {
        type: 'integer',
        minimum: 0,
        default: defaults.baseMs,
        description: 'delay before the first retry, in ms',
      },
      maxMs: { type: 'integer', minimum: 0, default: defaults.maxMs, description: 'largest delay, in ms' },
    },
  };
}
