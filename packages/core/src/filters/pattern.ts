import type { TrailEvent } from '../event/trail-event';
import {
  type DelimitedMatch,
  compileDelimitedPattern,
  type ExtractedValues,
} from './delimited-pattern-compile';
import { setFilterHints } from './filter-hints';
import { setFilterSpec } from './filter-spec';
import { requiredValues, requiresPresence } from './pattern-analysis';
import type { PatternNode } from './pattern-ast';
import { compilePattern } from './pattern-compile';
import type { PatternLimits } from './pattern-limits';
import { parsePattern } from './pattern-parser';
import { compileTermPattern } from './term-pattern-compile';
import type { EventFilter } from './types';

/**
 * The form of a filter pattern: `all` (empty or blank), `json` (`{ ... }`), `terms` (`ERROR -DEBUG`,
 * `?a ?b`, `"a phrase"`, `%regex%`) or `delimited` (`[a, b, ...]`).
 */
export type PatternForm = 'all' | 'json' | 'terms' | 'delimited';

/** A pattern's text, or an object that renders one, such as the AWS CDK's (and trailkit's) `FilterPattern.*()`. */
export type PatternText = string | { readonly logPatternString: string };

/** A parsed and compiled CloudWatch Logs filter pattern. */
export interface FilterPattern extends EventFilter {
  /** The pattern text exactly as given (for pushdown to CloudWatch Logs `filterPattern`). */
  readonly text: string;
  /** The parsed form (for translation to other query languages, e.g. Athena SQL). */
  readonly ast: PatternNode;
  /** Which of CloudWatch Logs' pattern forms this is. */
  readonly form: PatternForm;
  /**
   * True when the event matches, as CloudWatch Logs would decide for the event delivered to a log group:
   * JSON patterns look at the record's properties; term and space-delimited patterns at its message, the
   * record's JSON text (`JSON.stringify(event)`: compact, in the record's key order, as CloudTrail
   * delivers it).
   */
  test(event: TrailEvent): boolean;
  /**
   * True when a raw log message matches: for a JSON pattern the message must be a JSON document (other
   * text never matches); the empty pattern matches every message.
   */
  testMessage(message: string): boolean;
  /**
   * The offline `TestMetricFilter`: undefined when the message does not match, otherwise the values a
   * space-delimited pattern extracts (`{ $ip: '127.0.0.1', $status_code: '404', $7: '1534' }`), or `{}`
   * for the other forms.
   */
  extract(message: string): ExtractedValues | undefined;
}

/**
 * Parse and compile a CloudWatch Logs filter pattern, in any of the forms CloudWatch Logs documents:
 *
 * - JSON: `pattern('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }')`:
 *   `=`, `!=`, `<`, `<=`, `>`, `>=`, `&&`, `||`, parentheses, `*` wildcards at the start and/or end of a
 *   value, quoted and bare values with `\` escapes, numbers, `%regex%` values, `IS TRUE`, `IS FALSE`,
 *   `IS NULL`, `NOT EXISTS` and array indexes (`$.a[0].b`);
 * - terms: `AccessDenied`, `ERROR Exception` (all), `?ERROR ?WARN` (any), `ERROR -DEBUG` (exclusion),
 *   `"exact phrase"`, `%regex%`: matched case-sensitively anywhere in the message;
 * - space-delimited: `[ip, user, ..., status_code = 4*, bytes > 1000]`.
 *
 * The empty pattern (and `" "`) matches everything. `text` may also be a builder result such as
 * `FilterPattern.allTerms('ERROR', 'MainThread')` (anything with a `logPatternString`).
 *
 * `%regex%` values use CloudWatch Logs' regular expression syntax exactly (no groups, lookarounds or
 * backreferences) and run on a linear-time engine (RE2 semantics), so no event text can make a test hang.
 * `limits` bound the pattern's length, nesting depth and regex size (see {@link PatternLimits} for the
 * defaults).
 *
 * @throws PatternSyntaxError with the column and what was expected, when the text does not parse or is
 * over a limit.
 * @throws ConfigError when `text` is not a string (or builder result) or a limit is not a positive integer.
 */
export function pattern(text: PatternText, limits?: PatternLimits): FilterPattern {
  const source =
    typeof text === 'object' && text !== null && typeof text.logPatternString === 'string'
      ? text.logPatternString
      : (text as string);
  const ast = parsePattern(source, limits);
  const form = patternForm(ast);
  const spec = { kind: 'pattern' as const, text: source, ...(limits !== undefined && { limits }) };
  if (form === 'json' || form === 'all') return setFilterSpec(jsonPattern(source, ast, form), spec);
  let extract: DelimitedMatch;
  if (form === 'delimited')
    extract = compileDelimitedPattern(ast as Extract<PatternNode, { type: 'delimited' }>);
  else {
    const match = compileTermPattern(ast);
    extract = (message) => (match(message) ? {} : undefined);
  }
  return setFilterSpec(
    {
      text: source,
      ast,
      form,
      test: (event: TrailEvent) => extract(JSON.stringify(event)) !== undefined,
      testMessage: (message: string) => extract(message) !== undefined,
      extract,
    },
    spec,
  );
}

function jsonPattern(text: string, ast: PatternNode, form: 'json' | 'all'): FilterPattern {
  const match = compilePattern(ast);
  const matchAll = form === 'all';
  const testMessage = (message: string): boolean => {
    if (matchAll) return true;
    let value: unknown;
    try {
      value = JSON.parse(message);
    } catch {
      return false;
    }
    return match(value);
  };
  const filter: FilterPattern = {
    text,
    ast,
    form,
    test: match,
    testMessage,
    extract: (message) => (testMessage(message) ? {} : undefined),
  };
  const eventNames = requiredValues(ast, ['eventName']);
  const eventSources = requiredValues(ast, ['eventSource']);
  return setFilterHints(filter, {
    ...(eventNames !== undefined && { eventNames }),
    ...(eventSources !== undefined && { eventSources }),
    ...(requiresPresence(ast, ['errorCode']) && { errorsOnly: true }),
  });
}

/** The form of a parsed pattern (see {@link PatternForm}). */
export function patternForm(ast: PatternNode): PatternForm {
  switch (ast.type) {
    case 'all':
      return 'all';
    case 'delimited':
      return 'delimited';
    case 'term':
    case 'not':
      return 'terms';
    case 'and':
    case 'or':
      return ast.operands.length > 0 && patternForm(ast.operands[0]!) === 'terms' ? 'terms' : 'json';
    default:
      return 'json';
  }
}
