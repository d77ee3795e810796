import type { Row, RowValue } from './cloudtrail-table';
import { type SqlExpr, type SqlLiteral, type SqlSelect, SqlSyntaxError } from './sql-parser';

/** A value during evaluation. */
export type SqlValue = RowValue | number | boolean;

/** Thrown when a query refers to something that does not exist or misuses a function (a query failure). */
export class SqlSemanticError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlSemanticError';
  }
}

/** Evaluate an expression against a row, with SQL three-valued logic (NULL propagates). */
export function evaluate(expr: SqlExpr, row: Row, params: readonly SqlLiteral[]): SqlValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'param': {
      if (expr.index >= params.length)
        throw new SqlSyntaxError(`missing execution parameter ${expr.index + 1}`);
      return params[expr.index] as SqlLiteral;
    }
    case 'column':
      return column(expr.path, row);
    case 'call':
      return call(
        expr.name,
        expr.args.map((arg) => evaluate(arg, row, params)),
      );
    case 'compare': {
      const left = evaluate(expr.left, row, params);
      const right = evaluate(expr.right, row, params);
      if (left === null || right === null) return null;
      const order = compare(left, right);
      switch (expr.op) {
        case '=':
          return order === 0;
        case '<>':
          return order !== 0;
        case '<':
          return order < 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '>=':
          return order >= 0;
      }
      break;
    }
    case 'and': {
      const left = truth(evaluate(expr.left, row, params));
      if (left === false) return false;
      const right = truth(evaluate(expr.right, row, params));
      if (right === false) return false;
      return left === null || right === null ? null : true;
    }
    case 'or': {
      const left = truth(evaluate(expr.left, row, params));
      if (left === true) return true;
      const right = truth(evaluate(expr.right, row, params));
      if (right === true) return true;
      return left === null || right === null ? null : false;
    }
    case 'not': {
      const value = truth(evaluate(expr.expr, row, params));
      return value === null ? null : !value;
    }
    case 'isNull': {
      const isNull = evaluate(expr.expr, row, params) === null;
      return expr.negated ? !isNull : isNull;
    }
    case 'in': {
      const value = evaluate(expr.expr, row, params);
      if (value === null) return null;
      let sawNull = false;
      for (const item of expr.list) {
        const candidate = evaluate(item, row, params);
        if (candidate === null) sawNull = true;
        else if (compare(value, candidate) === 0) return !expr.negated;
      }
      return sawNull ? null : expr.negated;
    }
    case 'like': {
      const value = evaluate(expr.expr, row, params);
      const pattern = evaluate(expr.pattern, row, params);
      const escapeChar = expr.escape ? evaluate(expr.escape, row, params) : undefined;
      if (value === null || pattern === null || escapeChar === null) return null;
      if (typeof value !== 'string' || typeof pattern !== 'string') {
        throw new SqlSemanticError('LIKE needs varchar operands');
      }
      const matched = likeToRegExp(pattern, escapeChar === undefined ? undefined : String(escapeChar)).test(
        value,
      );
      return expr.negated ? !matched : matched;
    }
    case 'between': {
      const value = evaluate(expr.expr, row, params);
      const low = evaluate(expr.low, row, params);
      const high = evaluate(expr.high, row, params);
      if (value === null || low === null || high === null) return null;
      const inside = compare(value, low) >= 0 && compare(value, high) <= 0;
      return expr.negated ? !inside : inside;
    }
  }
  throw new SqlSemanticError('unsupported expression');
}

/** True when the WHERE clause keeps the row (NULL does not). */
export function keeps(select: SqlSelect, row: Row, params: readonly SqlLiteral[]): boolean {
  return select.where ? truth(evaluate(select.where, row, params)) === true : true;
}

function truth(value: SqlValue): boolean | null {
  if (value === null) return null;
  if (typeof value !== 'boolean')
    throw new SqlSemanticError(`expected a boolean expression, got ${typeof value}`);
  return value;
}

function column(path: readonly string[], row: Row): SqlValue {
  const [name, ...fields] = path;
  if (name === undefined || !(name in row)) {
    throw new SqlSemanticError(`Column '${path.join('.')}' cannot be resolved`);
  }
  let value: RowValue = row[name] as RowValue;
  for (const field of fields) {
    if (value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value) || !(field in value)) {
      throw new SqlSemanticError(`Column '${path.join('.')}' cannot be resolved`);
    }
    value = value[field] as RowValue;
  }
  return value;
}

function compare(left: SqlValue, right: SqlValue): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  throw new SqlSemanticError(`Cannot apply operator: ${typeof left} and ${typeof right}`);
}

function call(name: string, args: SqlValue[]): SqlValue {
  const arity = (n: number) => {
    if (args.length !== n) throw new SqlSemanticError(`Function ${name} expects ${n} arguments`);
  };
  switch (name) {
    case 'lower':
    case 'upper': {
      arity(1);
      const [value] = args;
      if (value === null || value === undefined) return null;
      if (typeof value !== 'string') throw new SqlSemanticError(`${name} needs varchar`);
      return name === 'lower' ? value.toLowerCase() : value.toUpperCase();
    }
    case 'coalesce':
      return args.find((value) => value !== null) ?? null;
    case 'cardinality': {
      arity(1);
      const [value] = args;
      if (value === null || value === undefined) return null;
      if (!Array.isArray(value)) throw new SqlSemanticError('cardinality needs an array');
      return value.length;
    }
    case 'regexp_like': {
      arity(2);
      const [value, pattern] = args;
      if (value === null || pattern === null) return null;
      return new RegExp(String(pattern), 'u').test(String(value));
    }
    case 'json_extract_scalar': {
      arity(2);
      const [json, path] = args;
      if (json === null || path === null) return null;
      if (typeof json !== 'string' || typeof path !== 'string') {
        throw new SqlSemanticError('json_extract_scalar needs (varchar, varchar)');
      }
      return jsonExtractScalar(json, path);
    }
    default:
      throw new SqlSemanticError(`Function '${name}' not registered`);
  }
}

/** `json_extract_scalar`: the scalar at a JSONPath (`$.a.b`, `$["a b"]`, `$.a[0]`) as a string, else NULL. */
export function jsonExtractScalar(json: string, path: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const steps = parseJsonPath(path);
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return null;
    if (typeof step === 'number') {
      if (!Array.isArray(value)) return null;
      value = value[step];
    } else {
      if (Array.isArray(value)) return null;
      value = (value as Record<string, unknown>)[step];
    }
  }
  if (value === null || value === undefined || typeof value === 'object') return null;
  return String(value);
}

function parseJsonPath(path: string): Array<string | number> {
  if (!path.startsWith('$')) throw new SqlSemanticError(`Invalid JSON path: '${path}'`);
  const steps: Array<string | number> = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const match = /^[A-Za-z0-9_$-]+/.exec(path.slice(i + 1));
      if (!match) throw new SqlSemanticError(`Invalid JSON path: '${path}'`);
      steps.push(match[0]);
      i += 1 + match[0].length;
    } else if (path.startsWith('["', i)) {
      let j = i + 2;
      let key = '';
      while (j < path.length && path[j] !== '"') {
        if (path[j] === '\\') j += 1;
        key += path[j] ?? '';
        j += 1;
      }
      if (path[j + 1] !== ']') throw new SqlSemanticError(`Invalid JSON path: '${path}'`);
      steps.push(key);
      i = j + 2;
    } else if (path[i] === '[') {
      const match = /^\[(\d+)\]/.exec(path.slice(i));
      if (!match) throw new SqlSemanticError(`Invalid JSON path: '${path}'`);
      steps.push(Number(match[1]));
      i += match[0].length;
    } else {
      throw new SqlSemanticError(`Invalid JSON path: '${path}'`);
    }
  }
  return steps;
}

function likeToRegExp(pattern: string, escapeChar: string | undefined): RegExp {
  if (escapeChar !== undefined && escapeChar.length !== 1)
    throw new SqlSemanticError('Escape string must be a single character');
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] as string;
    if (escapeChar !== undefined && c === escapeChar) {
      const next = pattern[i + 1];
      if (next !== '%' && next !== '_' && next !== escapeChar) {
        throw new SqlSemanticError(
          "Escape character must be followed by '%', '_' or the escape character itself",
        );
      }
      source += next.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    } else if (c === '%') source += '[\\s\\S]*';
    else if (c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}
