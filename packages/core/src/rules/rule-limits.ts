import { RuleValidationError } from '../errors';
import type { PatternLimits } from '../filters/pattern-limits';

/**
 * Limits on one rules file, checked by `parseRules()`, `loadRuleFile()` and `loadRules()` before the work
 * that grows with them: a file over a limit throws `RuleValidationError` naming the file and the limit.
 */
export interface RuleFileLimits {
  /**
   * Largest file, in bytes (UTF-8). Default 1 MiB: the YAML parser needs about 130 MB for a file of that
   * size, so a bigger file is refused before it is read, let alone parsed.
   */
  maxBytes?: number;
  /** Most rules in one file. Default 10,000. */
  maxRules?: number;
  /** Limits on each rule's `pattern:` (defaults in `DEFAULT_PATTERN_LIMITS`). */
  pattern?: PatternLimits;
}

/** The default {@link RuleFileLimits} (the pattern limits default to `DEFAULT_PATTERN_LIMITS`). */
export const DEFAULT_RULE_FILE_LIMITS: Readonly<Required<Omit<RuleFileLimits, 'pattern'>>> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxRules: 10_000,
});

/** Largest `threshold.count` of a rule (and `threshold` of `thresholdDetector()`): 100,000 events. */
export const MAX_THRESHOLD_COUNT = 100_000;

/** Longest `threshold.window` of a rule (and `windowSeconds` of `thresholdDetector()`): 366 days, in seconds. */
export const MAX_WINDOW_SECONDS = 366 * 24 * 3600;

/** Largest `threshold.maxKeys` of a rule (and `maxKeys` of `thresholdDetector()`): 1,000,000 keys. */
export const MAX_THRESHOLD_KEYS = 1_000_000;

/**
 * The limits in force: `limits` over {@link DEFAULT_RULE_FILE_LIMITS}.
 * @throws RuleValidationError (naming `where`) when a limit is not a positive safe integer.
 */
export function resolveRuleFileLimits(
  where: string,
  limits: RuleFileLimits | undefined,
): Required<Omit<RuleFileLimits, 'pattern'>> & Pick<RuleFileLimits, 'pattern'> {
  const out: Required<Omit<RuleFileLimits, 'pattern'>> & Pick<RuleFileLimits, 'pattern'> = {
    ...DEFAULT_RULE_FILE_LIMITS,
  };
  if (limits === undefined) return out;
  for (const key of ['maxBytes', 'maxRules'] as const) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RuleValidationError(
        where,
        `limits.${key}: expected a positive integer, got ${String(value)}`,
      );
    }
    out[key] = value;
  }
  if (limits.pattern !== undefined) out.pattern = limits.pattern;
  return out;
}
