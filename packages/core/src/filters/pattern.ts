import type { TrailEvent } from '../event/trail-event';
import { setFilterHints } from './filter-hints';
import { requiredValues, requiresPresence } from './pattern-analysis';
import type { PatternNode } from './pattern-ast';
import { compilePattern } from './pattern-compile';
import type { PatternLimits } from './pattern-limits';
import { parsePattern } from './pattern-parser';
import type { EventFilter } from './types';

/** A parsed and compiled CloudWatch Logs filter pattern. */
export interface FilterPattern extends EventFilter {
  /** The pattern text exactly as given (for pushdown to CloudWatch Logs `filterPattern`). */
  readonly text: string;
  /** The parsed form (for translation to other query languages, e.g. Athena SQL). */
  readonly ast: PatternNode;
  /** True when the event matches, as CloudWatch Logs would decide for the event's JSON. */
  test(event: TrailEvent): boolean;
  /**
   * True when a raw log message matches: the message must be a JSON document (non-JSON text never
   * matches a JSON pattern); the empty pattern matches every message.
   */
  testMessage(message: string): boolean;
}

/**
 * Parse and compile a CloudWatch Logs filter pattern for JSON events, e.g.
 * `pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }')`.
 *
 * Supports the whole JSON pattern language: `=`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses,
 * `*` wildcards at the start and/or end of a value, quoted and bare values with `\` escapes, numbers,
 * `%regex%` values, `IS TRUE`, `IS FALSE`, `IS NULL`, `NOT EXISTS` and array indexes (`$.a[0].b`).
 * The empty pattern matches everything.
 *
 * `%regex%` values use CloudWatch Logs' regular expression syntax exactly (no groups, lookarounds or
 * backreferences) and run on a linear-time engine (RE2 semantics), so no event text can make a test hang.
 * `limits` bound the pattern's length, nesting depth and regex size (see {@link PatternLimits} for the
 * defaults).
 *
 * @throws PatternSyntaxError with the column and what was expected, when the text does not parse or is
 * over a limit.
 * @throws ConfigError when `text` is not a string or a limit is not a positive integer.
 */
export function pattern(text: string, limits?: PatternLimits): FilterPattern {
  const ast = parsePattern(text, limits);
  const match = compilePattern(ast);
  const matchAll = ast.type === 'all';
  const filter: FilterPattern = {
    text,
    ast,
    test: match,
    testMessage(message) {
      if (matchAll) return true;
      let value: unknown;
      try {
        value = JSON.parse(message);
      } catch {
        return false;
      }
      return match(value);
    },
  };
  const eventNames = requiredValues(ast, ['eventName']);
  const eventSources = requiredValues(ast, ['eventSource']);
  return setFilterHints(filter, {
    ...(eventNames !== undefined && { eventNames }),
    ...(eventSources !== undefined && { eventSources }),
    ...(requiresPresence(ast, ['errorCode']) && { errorsOnly: true }),
  });
}
