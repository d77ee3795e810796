/**
 * SQL text for Athena (Trino dialect): string literals and identifiers, escaped so that no value can end
 * the literal or change the statement.
 */

const PLAIN = /^[\x20-\x7e]*$/;

/**
 * A Trino string literal for any string. Printable ASCII becomes `'...'` with `'` doubled (backslashes are
 * not special in Trino literals). Anything else (newlines, control characters, non-ASCII) becomes a Unicode
 * literal `U&'...'` where every non-printable-ASCII character is written `\XXXX` or `\+XXXXXX` and
 * backslashes are doubled.
 */
export function sqlString(value: string): string {
  if (PLAIN.test(value)) return `'${value.replaceAll("'", "''")}'`;
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === "'") out += "''";
    else if (char === '\\') out += '\\\\';
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else if (code <= 0xffff) out += `\\${code.toString(16).padStart(4, '0')}`;
    else out += `\\+${code.toString(16).padStart(6, '0')}`;
  }
  return `U&'${out}'`;
}

/**
 * A double-quoted identifier (`"` doubled). Quotes any name; it does not check Athena's naming rules (the
 * query builder accepts only Athena names, see `athenaName`).
 */
export function sqlIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A LIKE pattern for a value with `*` wildcards at its start and/or end; `%`, `_` and `\` are escaped. */
export function likePattern(value: string, leading: boolean, trailing: boolean): string {
  const escaped = value.replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${leading ? '%' : ''}${escaped}${trailing ? '%' : ''}`;
}

/** A JSONPath for `json_extract_scalar` from property names and array indexes. */
export function jsonPath(steps: ReadonlyArray<string | number>): string {
  let path = '$';
  for (const step of steps) {
    if (typeof step === 'number') path += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) path += `.${step}`;
    else path += `["${step.replace(/["\\]/g, (c) => `\\${c}`)}"]`;
  }
  return path;
}
