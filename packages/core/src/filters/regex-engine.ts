import { RE2JS } from 're2js';

/** A compiled regular expression: true when `text` contains a match (unanchored, like `RegExp.test`). */
export type RegexTest = (text: string) => boolean;

/**
 * Compile an RE2 expression (as produced by `checkRegex`) with re2js, a JavaScript port of RE2: matching
 * runs in time linear in the input (at most about the expression's size in steps per character), never
 * backtracks, and so cannot be made to hang by the event text it reads.
 * @throws Error from re2js when the expression does not compile (callers check the syntax first).
 */
export function compileRe2(re2: string): RegexTest {
  const re = RE2JS.compile(re2);
  return (text) => re.test(text);
}
