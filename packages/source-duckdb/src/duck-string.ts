/** A DuckDB string literal: standard SQL quoting (`'` doubled; DuckDB gives backslashes no meaning). */
export function duckString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The value of an Athena string literal as `sqlString` of `@trailkit/source-athena` writes it (`'…'`, or
 * `U&'…'` with `\XXXX`, `\+XXXXXX` and `\\` escapes): how the shared query builder's execution parameters
 * become DuckDB's bound values.
 */
export function athenaLiteralValue(literal: string): string {
  if (literal.startsWith("U&'") && literal.endsWith("'")) {
    const body = literal.slice(3, -1);
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const char = body[i] as string;
      if (char === "'") {
        out += "'";
        i++;
      } else if (char !== '\\') out += char;
      else if (body[i + 1] === '\\') {
        out += '\\';
        i++;
      } else if (body[i + 1] === '+') {
        out += String.fromCodePoint(Number.parseInt(body.slice(i + 2, i + 8), 16));
        i += 7;
      } else {
        out += String.fromCharCode(Number.parseInt(body.slice(i + 1, i + 5), 16));
        i += 4;
      }
    }
    return out;
  }
  if (literal.startsWith("'") && literal.endsWith("'")) return literal.slice(1, -1).replaceAll("''", "'");
  throw new RangeError(`not a string literal: ${literal}`);
}
