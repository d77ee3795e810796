import { ConfigError } from '../errors';

/**
 * Limits on a filter pattern, checked by `parsePattern()` / `pattern()` before any work that grows with
 * them. A pattern over a limit throws `PatternSyntaxError` naming the column; a limit that is not a
 * positive integer throws `ConfigError`.
 */
export interface PatternLimits {
  /**
   * Longest pattern text, in characters (UTF-16 code units). Default 1024, the length CloudWatch Logs
   * itself accepts for a `filterPattern`.
   */
  maxLength?: number;
  /** Deepest nesting of parentheses. Default 64. */
  maxDepth?: number;
  /**
   * Largest size of one `%regex%`: the characters, classes and `.` it spells out once each repetition is
   * expanded (`\d{1,3}` is 3, `[a-z]+` is 2). Matching costs about this many steps per character of the
   * event text at worst, so this bounds the time a hostile event can take. Default 256.
   */
  maxRegexSize?: number;
}

/** The default {@link PatternLimits}. */
export const DEFAULT_PATTERN_LIMITS: Readonly<Required<PatternLimits>> = Object.freeze({
  maxLength: 1024,
  maxDepth: 64,
  maxRegexSize: 256,
});

/**
 * The limits in force: `limits` over {@link DEFAULT_PATTERN_LIMITS}.
 * @throws ConfigError when a given limit is not a positive safe integer.
 */
export function resolvePatternLimits(limits: PatternLimits | undefined): Required<PatternLimits> {
  const out = { ...DEFAULT_PATTERN_LIMITS };
  if (limits === undefined) return out;
  if (typeof limits !== 'object' || limits === null) {
    throw new ConfigError('pattern', 'limits: expected an object such as { maxLength: 2048 }');
  }
  for (const key of Object.keys(DEFAULT_PATTERN_LIMITS) as Array<keyof PatternLimits>) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError('pattern', `${key}: expected a positive integer, got ${String(value)}`);
    }
    out[key] = value;
  }
  return out;
}
