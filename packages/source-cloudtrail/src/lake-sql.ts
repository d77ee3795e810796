/**
 * SQL for CloudTrail Lake, built as fragments: the text and the values between them are kept apart, in
 * order, until the statement is rendered, so no value can ever become SQL text (the same rule as
 * source-athena's builder). Lake has no execution parameters: every value is rendered as one escaped string
 * literal (`'` doubled; control characters refused).
 */

const BRAND = Symbol('trailkit.lakeSql');

/** A piece of Lake SQL: `text[0] values[0] text[1] … text[n]`. Only this module creates them. */
export class LakeSql {
  readonly text: readonly string[];
  readonly values: readonly string[];

  /** @internal Build fragments with {@link lakeSql}, {@link lakeJoin}, {@link lakeList} or {@link trustedLakeSql}. */
  constructor(brand: typeof BRAND, text: readonly string[], values: readonly string[]) {
    if (brand !== BRAND) throw new TypeError('LakeSql: build fragments with the lakeSql tag');
    if (text.length !== values.length + 1) throw new TypeError('LakeSql: text and values do not interleave');
    this.text = Object.freeze([...text]);
    this.values = Object.freeze([...values]);
  }
}

class Builder {
  readonly #text: string[] = [''];
  readonly #values: string[] = [];
  text(text: string) {
    this.#text[this.#text.length - 1] += text;
  }
  value(value: string) {
    this.#values.push(value);
    this.#text.push('');
  }
  part(part: LakeSql | string) {
    if (typeof part === 'string') return this.value(part);
    if (!(part instanceof LakeSql)) throw new TypeError('lakeSql: a value must be a string or a LakeSql');
    this.text(part.text[0] as string);
    for (let i = 0; i < part.values.length; i++) {
      this.value(part.values[i] as string);
      this.text(part.text[i + 1] as string);
    }
  }
  build() {
    return new LakeSql(BRAND, this.#text, this.#values);
  }
}

/** Tagged template: the template text is SQL, an interpolated string is a value, a {@link LakeSql} is spliced in. */
export function lakeSql(strings: TemplateStringsArray, ...parts: ReadonlyArray<LakeSql | string>): LakeSql {
  const b = new Builder();
  strings.forEach((text, i) => {
    b.text(text);
    if (i < parts.length) b.part(parts[i] as LakeSql | string);
  });
  return b.build();
}

/** Fragments one after the other, `separator` (SQL text) between them. */
export function lakeJoin(parts: readonly LakeSql[], separator: string): LakeSql {
  const b = new Builder();
  parts.forEach((part, i) => {
    if (i > 0) b.text(separator);
    b.part(part);
  });
  return b.build();
}

/** `(v1, v2, …)` for `IN`. */
export function lakeList(values: Iterable<string>): LakeSql {
  const b = new Builder();
  b.text('(');
  let first = true;
  for (const value of values) {
    if (!first) b.text(', ');
    b.value(value);
    first = false;
  }
  b.text(')');
  return b.build();
}

/** Names, dots, commas, parentheses, digits, spaces, `=`, `<`, `>`, `-`: no quote, comment or separator. */
const TRUSTED = /^[A-Za-z0-9_.,() =<>-]*$/;

/** SQL text the caller has checked (column names from the package's table, a validated store id). */
export function trustedLakeSql(text: string): LakeSql {
  if (!TRUSTED.test(text) || text.includes('--')) {
    throw new TypeError(`trustedLakeSql: not safe SQL text: ${JSON.stringify(text)}`);
  }
  return new LakeSql(BRAND, [text], []);
}

/** One value as a Lake (Trino) string literal: `'` doubled; control characters refused (no escape syntax is assumed). */
export function lakeString(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new TypeError(
      `lakeString: control characters are not allowed in a value: ${JSON.stringify(value)}`,
    );
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** The statement's text: each value rendered as one escaped literal in place. */
export function renderLakeSql(fragment: LakeSql): string {
  let out = fragment.text[0] as string;
  fragment.values.forEach((value, i) => {
    out += lakeString(value) + (fragment.text[i + 1] as string);
  });
  return out;
}
