import type { PatternNode, PatternTerm } from './pattern-ast';
import type { PatternLimits } from './pattern-limits';
import { fail, readRegex } from './pattern-regex';

/** Characters of a term written without quotes: CloudWatch Logs requires quotes around anything else. */
const BARE_TERM_CHAR = /[A-Za-z0-9_]/;

/**
 * Parse a term pattern (anything that is not JSON `{...}` or space-delimited `[...]`):
 *
 * - terms separated by blanks: `ERROR Exception` (every term must occur);
 * - a term is a bare word of letters, digits and `_`, a quoted phrase `"INTERNAL SERVER ERROR"` (with `\"`
 *   and `\\` escapes), or a regex `%AUTHORIZED%`;
 * - `-term` excludes a term (`ERROR -ARGUMENTS`);
 * - `?term` starts an alternative (`?ERROR ?WARN`): the terms that follow it, up to the next `?term`, belong
 *   to the same alternative, so `?"ERROR" "MainThread" ?"WARN" "Deadlock"` (what the AWS CDK's
 *   `FilterPattern.anyTermGroup` writes) means (ERROR and MainThread) or (WARN and Deadlock). Terms before
 *   the first `?term` form an alternative of their own.
 *
 * Returns `and`/`or`/`not`/`term` nodes (a single node when there is one term).
 * @throws PatternSyntaxError for an unclosed quote or regex, an empty `-`/`?`, or a bare term with other
 * characters (quote it).
 */
export function parseTermPattern(text: string, limits: Required<PatternLimits>): PatternNode {
  const groups: PatternNode[][] = [];
  let current: PatternNode[] | undefined;
  let pos = 0;
  for (;;) {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
    if (pos >= text.length) break;
    const prefix = text[pos] === '?' || text[pos] === '-' ? text[pos] : '';
    if (prefix) pos++;
    const read = readTerm(text, pos, limits);
    pos = read.end;
    if (prefix === '?' || current === undefined) {
      current = [];
      groups.push(current);
    }
    current.push(prefix === '-' ? { type: 'not', operand: read.term } : read.term);
  }
  const alternatives = groups.map((terms) =>
    terms.length === 1 ? terms[0]! : ({ type: 'and', operands: terms } as PatternNode),
  );
  if (alternatives.length === 0) return { type: 'all' };
  return alternatives.length === 1 ? alternatives[0]! : { type: 'or', operands: alternatives };
}

function readTerm(
  text: string,
  pos: number,
  limits: Required<PatternLimits>,
): { term: PatternTerm; end: number } {
  const c = text[pos];
  if (c === '"') return readQuoted(text, pos);
  if (c === '%') {
    const regex = readRegex(text, pos, limits);
    return { term: { type: 'term', match: 'regex', value: regex.source, quoted: false }, end: regex.end };
  }
  if (c === '$') fail(text, pos, '"{" (a JSON pattern is written { $.field = value })');
  const start = pos;
  while (pos < text.length && BARE_TERM_CHAR.test(text[pos]!)) pos++;
  if (pos === start || (pos < text.length && !/\s/.test(text[pos]!))) {
    fail(
      text,
      pos,
      pos === start && (c === undefined || /\s/.test(c))
        ? 'a term after "?" or "-"'
        : 'a term of letters, digits and "_" (put a term with other characters in double quotes)',
    );
  }
  return { term: { type: 'term', match: 'text', value: text.slice(start, pos), quoted: false }, end: pos };
}

function readQuoted(text: string, open: number): { term: PatternTerm; end: number } {
  let pos = open + 1;
  let value = '';
  for (;;) {
    if (pos >= text.length) fail(text, open, 'a closing quote for the phrase starting here');
    const ch = text[pos]!;
    if (ch === '\\' && (text[pos + 1] === '"' || text[pos + 1] === '\\')) {
      value += text[pos + 1];
      pos += 2;
      continue;
    }
    if (ch === '"') break;
    value += ch;
    pos++;
  }
  pos++;
  if (pos < text.length && !/\s/.test(text[pos]!)) fail(text, pos, 'a blank after the closing quote');
  return { term: { type: 'term', match: 'text', value, quoted: true }, end: pos };
}
