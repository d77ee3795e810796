/**
 * SQL statements built as fragments: the text pieces and the values between them are kept apart, in order,
 * from the first condition to the final statement. Nothing is marked in the text and replaced later, so no
 * identifier or value can ever be taken for a placeholder or for SQL text: a value is only ever turned into
 * one escaped literal (`inline`) or one `?` with one execution parameter (`parameters`).
 */
import { sqlString } from './sql-text';

const BRAND = Symbol('trailkit.sqlFragment');

/**
 * A piece of SQL: `text[0] values[0] text[1] … values[n-1] text[n]` (so `text.length === values.length + 1`).
 * Only this module creates fragments (the constructor takes a private brand), so a plain object with the
 * same fields, from anywhere, is never taken for SQL text.
 */
export class SqlFragment {
  /** The SQL text around the values. */
  readonly text: readonly string[];
  /** The values, in text order (unescaped: they are escaped when the fragment is rendered). */
  readonly values: readonly string[];

  /** @internal Use the `sql` tag, `sqlJoin`, `sqlList` or `trustedSql`. */
  constructor(brand: typeof BRAND, text: readonly string[], values: readonly string[]) {
    if (brand !== BRAND) throw new TypeError('SqlFragment: build fragments with the sql tag');
    if (text.length !== values.length + 1)
      throw new TypeError('SqlFragment: text and values do not interleave');
    this.text = Object.freeze([...text]);
    this.values = Object.freeze([...values]);
  }
}

/** What can go between the text of {@link sql}: a fragment (spliced in) or a string (always a value). */
export type SqlPart = SqlFragment | string;

/** Collects text and values in order. */
class Builder {
  readonly #text: string[] = [''];
  readonly #values: string[] = [];

  text(text: string): void {
    this.#text[this.#text.length - 1] += text;
  }

  value(value: string): void {
    this.#values.push(value);
    this.#text.push('');
  }

  part(part: SqlPart): void {
    if (typeof part === 'string') {
      this.value(part);
      return;
    }
    if (!(part instanceof SqlFragment)) {
      throw new TypeError(`sql: a value must be a string or an SqlFragment, got ${typeof part}`);
    }
    this.text(part.text[0] as string);
    for (let i = 0; i < part.values.length; i += 1) {
      this.value(part.values[i] as string);
      this.text(part.text[i + 1] as string);
    }
  }

  build(): SqlFragment {
    return new SqlFragment(BRAND, this.#text, this.#values);
  }
}

/**
 * Tagged template for SQL: the template's text is SQL text, every interpolated string is a value and every
 * interpolated {@link SqlFragment} is spliced in with its own values. `sql\`eventname = ${name}\`` keeps
 * `name` as a value whatever it holds.
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly SqlPart[]): SqlFragment {
  const builder = new Builder();
  for (const [index, text] of strings.entries()) {
    if (text === undefined) throw new TypeError('sql: invalid escape sequence in the template text');
    builder.text(text);
    if (index < parts.length) builder.part(parts[index] as SqlPart);
  }
  return builder.build();
}

/** The fragments one after the other, `separator` between them. */
export function sqlJoin(fragments: readonly SqlFragment[], separator: SqlFragment): SqlFragment {
  const builder = new Builder();
  for (const [index, fragment] of fragments.entries()) {
    if (index > 0) builder.part(separator);
    builder.part(fragment);
  }
  return builder.build();
}

/** A parenthesised list of values, `(v1, v2, …)`, for `IN`. */
export function sqlList(values: readonly string[]): SqlFragment {
  const builder = new Builder();
  builder.text('(');
  for (const [index, value] of values.entries()) {
    if (index > 0) builder.text(', ');
    builder.value(value);
  }
  builder.text(')');
  return builder.build();
}

/** The only text allowed in {@link trustedSql}: names, dots, commas, parentheses, digits, spaces, quotes. */
const TRUSTED = /^[A-Za-z0-9_.,() "]*$/;

/**
 * SQL text that the caller has already checked: column expressions from the package's own column tables,
 * identifiers that passed `athenaName`, validated integers. Throws on anything that could hold a literal,
 * a placeholder, a comment or a statement separator (`'`, `?`, `-`, `;`, `\`, control characters).
 */
export function trustedSql(text: string): SqlFragment {
  if (!TRUSTED.test(text)) throw new TypeError(`trustedSql: not safe SQL text: ${JSON.stringify(text)}`);
  return new SqlFragment(BRAND, [text], []);
}

/** A rendered statement. */
export interface RenderedSql {
  /** The SQL text. */
  sql: string;
  /** The escaped literals for the `?` placeholders, in order (empty in `inline` mode). */
  executionParameters: string[];
}

/**
 * The statement's final text. `inline`: every value becomes one escaped literal (`sqlString`) in place.
 * `parameters`: every value becomes one `?` and one execution parameter (the same escaped literal), so the
 * text never depends on the values and the number of `?` always equals the number of parameters.
 */
export function renderSql(fragment: SqlFragment, mode: 'inline' | 'parameters'): RenderedSql {
  const literals = fragment.values.map((value) => sqlString(value));
  if (mode === 'parameters') {
    // The text comes from this package's code and checked names only; a `?` in it would shift parameters.
    if (fragment.text.some((text) => text.includes('?'))) {
      throw new TypeError('renderSql: SQL text holds a "?" that is not a placeholder');
    }
    return { sql: fragment.text.join('?'), executionParameters: literals };
  }
  let text = fragment.text[0] as string;
  for (const [index, literal] of literals.entries()) text += literal + (fragment.text[index + 1] as string);
  return { sql: text, executionParameters: [] };
}
