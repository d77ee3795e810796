import { ConfigError } from '../errors';

/**
 * One value to match: an exact string (case-sensitive), a string with `*` at its start and/or end
 * (`"Delete*"`, `"*UnauthorizedOperation"`, `"*Admin*"`; `"*"` alone matches any value), or a RegExp.
 */
export type StringMatch = string | RegExp;

/**
 * A condition on a string field: one {@link StringMatch}, an array (any of them), or `{ not: ... }` (none of
 * them). A missing field fails a positive condition and passes a `not` condition.
 */
export type StringCondition =
  | StringMatch
  | readonly StringMatch[]
  | { readonly not: StringMatch | readonly StringMatch[] };

/** A compiled condition: receives the field's value (undefined when missing). */
export type CompiledCondition = (value: unknown) => boolean;

/** Compile a {@link StringCondition} once. `field` names it in errors. */
export function compileStringCondition(field: string, condition: StringCondition): CompiledCondition {
  if (isNot(condition)) {
    const inner = compileAnyOf(field, condition.not);
    return (v) => !inner(v);
  }
  return compileAnyOf(field, condition as StringMatch | readonly StringMatch[]);
}

/** True for a `{ not: ... }` condition. */
export function isNotCondition(c: StringCondition): boolean {
  return isNot(c);
}

function isNot(c: StringCondition): c is { readonly not: StringMatch | readonly StringMatch[] } {
  return typeof c === 'object' && c !== null && !(c instanceof RegExp) && !Array.isArray(c) && 'not' in c;
}

function compileAnyOf(field: string, values: StringMatch | readonly StringMatch[]): CompiledCondition {
  const list = Array.isArray(values) ? (values as readonly StringMatch[]) : [values as StringMatch];
  if (list.length === 0) throw new ConfigError('where', `${field}: an empty list matches nothing`);
  const exact = new Set<string>();
  const others: Array<(s: string) => boolean> = [];
  for (const m of list) {
    if (m instanceof RegExp) {
      others.push((s) => m.test(s));
      continue;
    }
    if (typeof m !== 'string') {
      throw new ConfigError(
        'where',
        `${field}: expected a string, a RegExp or an array of them, got ${typeof m}`,
      );
    }
    const matcher = compileWildcard(m);
    if (matcher === undefined) exact.add(m);
    else others.push(matcher);
  }
  if (others.length === 0) {
    if (exact.size === 1) {
      const only = [...exact][0]!;
      return (v) => v === only;
    }
    return (v) => typeof v === 'string' && exact.has(v);
  }
  return (v) => {
    if (typeof v !== 'string') return false;
    if (exact.has(v)) return true;
    for (const o of others) if (o(v)) return true;
    return false;
  };
}

/**
 * The exact strings a positive condition accepts, when it accepts nothing else (no wildcard, no RegExp, no
 * `not`); undefined otherwise. A value passes the compiled condition only if it is a string in this set.
 */
export function exactValues(condition: StringCondition): ReadonlySet<string> | undefined {
  if (isNot(condition)) return undefined;
  const list = Array.isArray(condition) ? (condition as readonly StringMatch[]) : [condition as StringMatch];
  const out = new Set<string>();
  for (const m of list) {
    if (typeof m !== 'string' || compileWildcard(m) !== undefined) return undefined;
    out.add(m);
  }
  return out.size > 0 ? out : undefined;
}

/** A matcher for a value with leading/trailing `*`, or undefined when the value is exact. */
export function compileWildcard(m: string): ((s: string) => boolean) | undefined {
  const leading = m.startsWith('*');
  const trailing = m.length > 1 && m.endsWith('*');
  if (!leading && !trailing) return undefined;
  if (m === '*') return () => true;
  const core = m.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (s) => s.includes(core);
  if (leading) return (s) => s.endsWith(core);
  return (s) => s.startsWith(core);
}
