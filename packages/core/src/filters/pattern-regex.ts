import { PatternSyntaxError } from '../errors';
import type { PatternLimits } from './pattern-limits';
import { compileRe2 } from './regex-engine';
import { checkRegex } from './regex-syntax';

/** CloudWatch Logs accepts at most this many `%regex%` values in one JSON or space-delimited pattern. */
export const MAX_REGEX_PER_PATTERN = 2;

/**
 * Read a `%regex%` that starts at `open` (the first `%`) in a term or space-delimited pattern: the regex
 * runs to the next `%` outside an escape pair and must be in CloudWatch Logs' regex syntax and within
 * `limits.maxRegexSize`. Returns the source between the `%` signs and the offset after the closing `%`.
 * @throws PatternSyntaxError (one-based column) for an unclosed, invalid or oversized regex.
 */
export function readRegex(
  text: string,
  open: number,
  limits: Required<PatternLimits>,
): { source: string; end: number } {
  let pos = open + 1;
  while (pos < text.length && text[pos] !== '%') pos += text[pos] === '\\' ? 2 : 1;
  if (pos >= text.length) {
    fail(text, open, 'a closing "%" for the regular expression starting here');
  }
  const source = text.slice(open + 1, pos);
  const checked = checkRegex(source);
  if (!checked.ok) {
    fail(
      text,
      open + 1 + checked.offset,
      `a regular expression in CloudWatch Logs syntax: ${checked.expected}`,
    );
  }
  if (checked.size > limits.maxRegexSize) {
    fail(
      text,
      open,
      `a regular expression of size at most ${limits.maxRegexSize} (maxRegexSize; this one spells out ${checked.size} characters)`,
    );
  }
  try {
    compileRe2(checked.re2);
  } catch (error) {
    fail(text, open, `a valid regular expression (${(error as Error).message})`);
  }
  return { source, end: pos + 1 };
}

/** Throw a {@link PatternSyntaxError} at zero-based offset `pos` of `text`. */
export function fail(text: string, pos: number, expected: string): never {
  const found = pos >= text.length ? 'end of pattern' : JSON.stringify(text.slice(pos, pos + 12));
  throw new PatternSyntaxError(text, pos + 1, expected, found);
}
