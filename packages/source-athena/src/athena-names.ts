/**
 * Athena's naming rules, checked before a name reaches SQL text or an Athena request.
 *
 * - Database, table and column names written into SQL (AWS: "Name databases, tables, and columns"): lower
 *   case letters, digits and underscores, 1 to 255 characters. Athena lower-cases names anyway, so an
 *   upper-case name is refused with the lower-case spelling to use instead.
 * - Workgroup (Athena API `WorkGroup`): `[a-zA-Z0-9._-]{1,128}`.
 * - Data catalog (Athena API `QueryExecutionContext.Catalog`): 1 to 256 characters, no control characters
 *   other than tab. The catalog only goes to the API, never into SQL text.
 */
import { AthenaNameError } from './errors';
import { type SqlFragment, trustedSql } from './sql-fragment';

/** Longest database, table or column name Athena accepts. */
export const MAX_NAME_LENGTH = 255;

const SQL_NAME = /^[a-z0-9_]+$/;
const WORK_GROUP = /^[a-zA-Z0-9._-]{1,128}$/;
// The API's pattern [\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*: no control characters but tab,
// no lone surrogates, no U+FFFE/U+FFFF.
const CATALOG = /^[\t\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]{1,256}$/u;

/**
 * Check a database, table or column name that goes into SQL: lower-case letters, digits and `_`, 1 to 255
 * characters. Returns the name.
 *
 * @param component What is being configured (the error message's prefix), e.g. `athena query`.
 * @param option The option holding the name (named in the error), e.g. `database`.
 * @throws AthenaNameError when the name breaks the rule.
 */
export function athenaName(component: string, option: string, value: unknown): string {
  const rule = `must be an Athena name (lower-case letters, digits and _, 1 to ${MAX_NAME_LENGTH} characters)`;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_NAME_LENGTH) {
    throw new AthenaNameError(component, option, value, rule);
  }
  if (!SQL_NAME.test(value)) {
    const lower = value.toLowerCase();
    const hint = SQL_NAME.test(lower) ? ` (Athena names are lower case: use ${JSON.stringify(lower)})` : '';
    throw new AthenaNameError(component, option, value, `${rule}${hint}`);
  }
  return value;
}

/** A checked name as a double-quoted SQL identifier, e.g. `"cloudtrail_logs"`. */
export function quotedName(component: string, option: string, value: unknown): SqlFragment {
  return trustedSql(`"${athenaName(component, option, value)}"`);
}

/**
 * Check an Athena workgroup name (`[a-zA-Z0-9._-]{1,128}`). Returns the name.
 *
 * @throws AthenaNameError when the name breaks the rule.
 */
export function athenaWorkGroup(component: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !WORK_GROUP.test(value)) {
    throw new AthenaNameError(
      component,
      option,
      value,
      'must be an Athena workgroup name (letters, digits, ., _ and -, 1 to 128 characters)',
    );
  }
  return value;
}

/**
 * Check an Athena data catalog name (1 to 256 characters, no control characters but tab). Returns the name.
 *
 * @throws AthenaNameError when the name breaks the rule.
 */
export function athenaCatalog(component: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !CATALOG.test(value)) {
    throw new AthenaNameError(
      component,
      option,
      value,
      'must be an Athena data catalog name (1 to 256 characters, no control characters)',
    );
  }
  return value;
}
