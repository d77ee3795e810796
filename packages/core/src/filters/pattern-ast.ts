/**
 * The parsed form of a CloudWatch Logs filter pattern, in each of its forms: JSON (`{ $.a = "x" }`), terms
 * (`ERROR -DEBUG`, `?ERROR ?WARN`, `"exact phrase"`, `%regex%`) and space-delimited (`[ip, user, ...]`).
 * Public so that other back ends (the Athena SQL compiler, a CloudWatch Logs pushdown planner) can translate
 * a pattern instead of re-parsing its text.
 *
 * Semantics of each node are those of CloudWatch Logs; `pattern().test()` implements them. A JSON pattern's
 * tree holds only JSON nodes; a term pattern's tree holds only `term`, `not`, `and` and `or` nodes; a
 * space-delimited pattern is one `delimited` node.
 */

/** A property selector such as `$.userIdentity.type` or `$.resources[0].ARN`. */
export interface PatternSelector {
  /** The selector as written, e.g. `$.resources[0].ARN`. */
  readonly text: string;
  /** Property names (strings) and array indexes (numbers), in order: `['resources', 0, 'ARN']`. */
  readonly path: ReadonlyArray<string | number>;
}

/** The right-hand side of `=` / `!=`. */
export type PatternValue =
  /** A bare `*` (quoted or not): the property exists and holds a scalar. */
  | { readonly kind: 'any' }
  /**
   * A string, compared exactly and case-sensitively with the property's text (numbers and booleans compare
   * as their JSON text). `leading` means the value was written `*value` (ends with), `trailing` means
   * `value*` (starts with); both means contains. `value` has the wildcards and escapes removed.
   */
  | {
      readonly kind: 'string';
      readonly value: string;
      readonly quoted: boolean;
      readonly leading: boolean;
      readonly trailing: boolean;
    }
  /** An unquoted number: equal to a JSON number of the same value (`123.0` = `123`), or to the same text. */
  | { readonly kind: 'number'; readonly value: number; readonly raw: string }
  /**
   * `%regex%`: the property's text contains a match of `source` (unanchored; `^` and `$` anchor at the
   * text's start and end). `source` is the text between the `%` signs as written, in CloudWatch Logs'
   * regular expression syntax: letters, digits, the symbols `: _ # = @ / ; , -`, the operators
   * `^ $ ? [ ] { } | \ * + .`, the escapes `\d \D \s \S \w \W \xhh` and `\` before an operator or
   * symbol; no groups (`(`, `)`), hence no lookarounds or backreferences, and ASCII only. `pattern()`
   * matches it with RE2 semantics in linear time, not with JavaScript's `RegExp`.
   */
  | { readonly kind: 'regex'; readonly source: string };

/** `sel = value` / `sel != value`. `!=` is false when the property is missing, null, an object or an array. */
export interface PatternComparison {
  readonly type: 'compare';
  readonly selector: PatternSelector;
  readonly op: '=' | '!=';
  readonly value: PatternValue;
}

/** `sel < n`, `<=`, `>`, `>=`: true only when the property is a JSON number. */
export interface PatternNumericComparison {
  readonly type: 'numeric';
  readonly selector: PatternSelector;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly value: number;
  /** The number as written. */
  readonly raw: string;
}

/**
 * `sel IS TRUE` / `IS FALSE` (a JSON boolean), `IS NULL` (present and null), `NOT EXISTS` (absent).
 */
export interface PatternCheck {
  readonly type: 'check';
  readonly selector: PatternSelector;
  readonly check: 'isTrue' | 'isFalse' | 'isNull' | 'notExists';
}

/**
 * A term of a term pattern, true when the log event's message contains it. `match: 'text'`: `value` occurs
 * in the message as it is, case-sensitively, anywhere (`ERROR` is found in `ERRORCODE`); `quoted` says it
 * was written `"..."` (`value` has the quotes and `\` escapes removed). A quoted value that is empty or
 * only blanks (`" "`) matches every message, as CloudWatch Logs documents. `match: 'regex'`: `value` is
 * the source between `%` signs, in CloudWatch Logs' regex syntax, matched unanchored on the message.
 */
export interface PatternTerm {
  readonly type: 'term';
  readonly match: 'text' | 'regex';
  readonly value: string;
  readonly quoted: boolean;
}

/** `-term` in a term pattern: the message does not contain the term. */
export interface PatternNot {
  readonly type: 'not';
  readonly operand: PatternTerm;
}

/**
 * A condition on one field of a space-delimited pattern, e.g. `status_code = 4* && status_code != 403`.
 * The field's text is compared: a `number` value needs a numeric field (`= 200`, `> 1000`); a `string`
 * value is compared as text with `*` wildcards at either end; `regex` looks for a match in the field;
 * `any` (`*`) matches every field.
 */
export type PatternFieldCondition =
  | {
      readonly type: 'compare';
      readonly op: '=' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: PatternValue;
    }
  | { readonly type: 'and' | 'or'; readonly operands: readonly PatternFieldCondition[] };

/** One entry between the brackets of a space-delimited pattern. */
export type PatternDelimitedField =
  /** `...`: any number of fields (at most one per pattern). */
  | { readonly kind: 'ellipsis' }
  /**
   * A field: `name` (undefined for an empty entry, e.g. the last one of `[a, b,]`), with an optional
   * condition. Extracted as `$name`, or `$<position>` (one-based) when it has no name.
   */
  | { readonly kind: 'field'; readonly name?: string; readonly condition?: PatternFieldCondition };

/**
 * A space-delimited pattern (`[ip, user, ..., status_code = 4*, bytes > 1000]`): the message is split into
 * fields at spaces, where text between `[` and `]` or between two `"` is one field (without them); the
 * message matches when it has the pattern's number of fields (at least, with `...`) and every condition
 * holds.
 */
export interface PatternDelimited {
  readonly type: 'delimited';
  readonly fields: readonly PatternDelimitedField[];
}

/** `a && b && ...` (flattened). */
export interface PatternAnd {
  readonly type: 'and';
  readonly operands: readonly PatternNode[];
}

/** `a || b || ...` (flattened). */
export interface PatternOr {
  readonly type: 'or';
  readonly operands: readonly PatternNode[];
}

/** The empty pattern: matches every event. */
export interface PatternAll {
  readonly type: 'all';
}

/** Any node of a parsed filter pattern. `&&` binds tighter than `||`; parentheses group. */
export type PatternNode =
  | PatternAll
  | PatternTerm
  | PatternNot
  | PatternDelimited
  | PatternAnd
  | PatternOr
  | PatternComparison
  | PatternNumericComparison
  | PatternCheck;
