import type { PatternNode, PatternSelector, PatternValue } from '@trailkit/core';
import { COLUMN_BY_FIELD, type FieldType, type StructField } from './cloudtrail-columns';
import { type SqlFragment, sql, sqlJoin, trustedSql } from './sql-fragment';
import { jsonPath, likePattern } from './sql-text';

/**
 * A translated condition. `sql` undefined means TRUE (nothing pushed). `exact` false means the SQL keeps
 * a superset of the matching events, so the original filter must still run on the results.
 */
export interface SqlCondition {
  sql: SqlFragment | undefined;
  exact: boolean;
}

/** A selector resolved to a SQL expression over the CloudTrail table. */
interface Target {
  sql: SqlFragment;
  /** `scalar`: a string column or struct field (exact semantics); `json`: json_extract_scalar (text). */
  kind: 'scalar' | 'json' | 'boolean';
}

/**
 * Resolve a CloudTrail field path (case-sensitive camelCase, as in patterns and `where` fields) to a SQL
 * expression: a column, a struct field (`useridentity.sessioncontext.sessionissuer.arn`), or
 * `json_extract_scalar` into a JSON-string column. Undefined when the path has no column.
 */
export function resolvePath(path: ReadonlyArray<string | number>): Target | undefined {
  const [first, ...rest] = path;
  if (typeof first !== 'string') return undefined;
  const column = COLUMN_BY_FIELD.get(first);
  if (!column) return undefined;
  if (column.type.kind === 'json') {
    if (rest.length === 0) return undefined;
    return { sql: sql`json_extract_scalar(${trustedSql(column.column)}, ${jsonPath(rest)})`, kind: 'json' };
  }
  if (column.type.kind === 'boolean')
    return rest.length === 0 ? { sql: trustedSql(column.column), kind: 'boolean' } : undefined;
  let expression = column.column;
  let type: FieldType = column.type;
  for (const step of rest) {
    if (type.kind !== 'struct' || typeof step !== 'string') return undefined;
    const field: StructField | undefined = type.fields.find((candidate) => candidate.field === step);
    if (!field) return undefined;
    expression += `.${field.column}`;
    type = field.type;
  }
  return type.kind === 'string' ? { sql: trustedSql(expression), kind: 'scalar' } : undefined;
}

/**
 * Translate a parsed CloudWatch Logs filter pattern to a SQL condition over the CloudTrail table.
 * String `=`/`!=` (with `*` wildcards, as LIKE) on string columns and struct fields are exact; conditions
 * on JSON-string columns, `IS NULL`/`NOT EXISTS` and booleans are pushed as supersets; numeric comparisons,
 * regexes and array indexes are not pushed (an OR with such an operand is not pushed at all); term and
 * space-delimited patterns (`AccessDenied`, `[a, b]`) are not pushed at all and run on the results.
 */
export function patternToSql(node: PatternNode): SqlCondition {
  switch (node.type) {
    case 'all':
      return { sql: undefined, exact: true };
    case 'and': {
      const parts = node.operands.map((operand) => patternToSql(operand));
      const pushed = parts.flatMap((part) => (part.sql ? [sql`(${part.sql})`] : []));
      return {
        sql: pushed.length > 0 ? sqlJoin(pushed, sql` AND `) : undefined,
        exact: parts.every((part) => part.exact),
      };
    }
    case 'or': {
      const parts = node.operands.map((operand) => patternToSql(operand));
      if (parts.some((part) => part.sql === undefined)) return { sql: undefined, exact: false };
      return {
        sql: sqlJoin(
          parts.map((part) => sql`(${part.sql as SqlFragment})`),
          sql` OR `,
        ),
        exact: parts.every((part) => part.exact),
      };
    }
    case 'compare':
      return compare(node.selector, node.op, node.value);
    case 'check': {
      const target = resolvePath(node.selector.path);
      if (!target) return { sql: undefined, exact: false };
      if (node.check === 'isNull' || node.check === 'notExists')
        return { sql: sql`${target.sql} IS NULL`, exact: false };
      if (target.kind === 'boolean') {
        return {
          sql: sql`${target.sql} = ${node.check === 'isTrue' ? 'true' : 'false'}`,
          exact: false,
        };
      }
      return { sql: undefined, exact: false };
    }
    case 'numeric':
      return { sql: undefined, exact: false };
    // Term and space-delimited patterns look at the record's JSON text, which the table does not hold
    // (its columns are the parsed record): they run on the results, as the residual filter.
    case 'term':
    case 'not':
    case 'delimited':
      return { sql: undefined, exact: false };
  }
}

function compare(selector: PatternSelector, op: '=' | '!=', value: PatternValue): SqlCondition {
  const target = resolvePath(selector.path);
  if (!target || value.kind === 'regex' || value.kind === 'any' || value.kind === 'number') {
    return { sql: undefined, exact: false };
  }
  // A JSON-string column can hold numbers or booleans whose text json_extract_scalar renders its own way,
  // and `!=` on a missing/null/object property is false in CloudWatch Logs: push only `=` there, as a superset.
  if (target.kind !== 'scalar' && op === '!=') return { sql: undefined, exact: false };
  const exact = target.kind === 'scalar';
  const wildcard = value.leading || value.trailing;
  if (!wildcard)
    return {
      sql: op === '=' ? sql`${target.sql} = ${value.value}` : sql`${target.sql} <> ${value.value}`,
      exact,
    };
  const like = likePattern(value.value, value.leading, value.trailing);
  return {
    sql:
      op === '='
        ? sql`${target.sql} LIKE ${like} ESCAPE '\\'`
        : sql`${target.sql} NOT LIKE ${like} ESCAPE '\\'`,
    exact,
  };
}
